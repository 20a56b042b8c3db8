import { useEffect, useRef, useState } from 'react';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** The browser's own QR reader where it has one (Chrome on Android), else jsQR on canvas frames. */
async function makeReader(): Promise<(video: HTMLVideoElement, canvas: HTMLCanvasElement) => Promise<string | null>> {
  const Native = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (Native) {
    const detector = new Native({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  return async (video, canvas) => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return null;
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(video, 0, 0, width, height);
    return jsQR(context.getImageData(0, 0, width, height).data, width, height)?.data ?? null;
  };
}

/**
 * Camera QR scanning for the check-in page (issue 17 item 1): the back camera, a frame every
 * 250 ms; each new code is handed on once (the same badge held up twice is not sent twice).
 */
export function QrScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  const seen = useRef<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const read = await makeReader();
        const tick = async () => {
          if (stopped || !video.current || !canvas.current) return;
          const code = await read(video.current, canvas.current).catch(() => null);
          if (code && code !== seen.current) {
            seen.current = code;
            onCode(code);
          }
          timer = window.setTimeout(() => void tick(), 250);
        };
        void tick();
      } catch {
        setFailed(true);
      }
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [onCode]);

  return (
    <div>
      {failed ? (
        <Alert type="warning" showIcon message={t('events.onsite.cameraFailed')} />
      ) : (
        <video ref={video} muted playsInline style={{ width: '100%', borderRadius: 8, background: '#000' }} data-testid="qr-video" />
      )}
      <canvas ref={canvas} style={{ display: 'none' }} />
      <Button block size="large" style={{ marginTop: 8 }} onClick={onClose}>
        {t('events.onsite.stopCamera')}
      </Button>
    </div>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg className="xg-brand-logo" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="#1f4fa3" />
      <path d="M14 44l12-14 9 8 15-18" stroke="#fff" strokeWidth="6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

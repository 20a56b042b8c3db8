import { Button, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@xiaoguan/shared';
import { useSwitchLocale } from './session';
import { currentLocale } from './i18n';

/** Toggles between Chinese and English; shows the language you would switch to, named in itself. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const switchLocale = useSwitchLocale();
  const current: Locale = i18n.language === 'en-US' ? 'en-US' : currentLocale();
  const target: Locale = current === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Tooltip title={t('app.language.label')}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        onClick={() => void switchLocale(target)}
        data-testid="language-switch"
        data-locale={current}
        aria-label={`${t('app.language.label')}: ${t(`app.language.${target}`)}`}
      >
        {/* The other language's name is written in that language: marked so for screen readers (and the page walk). */}
        <span lang={target}>{compact ? t(`app.language.short.${target}`) : t(`app.language.${target}`)}</span>
      </Button>
    </Tooltip>
  );
}

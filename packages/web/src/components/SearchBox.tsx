import { useState, type CSSProperties } from 'react';
import { Input } from 'antd';

interface SearchBoxProps {
  /** The search in the URL. */
  value: string | undefined;
  /** Called with the trimmed text on Enter or the button, and with undefined when cleared. */
  onSearch: (q: string | undefined) => void;
  placeholder: string;
  style?: CSSProperties;
  testId: string;
}

/** A list's search box: what is typed stays a draft until searched; a change of the URL (back button, menu) wins over it. */
export function SearchBox({ value, onSearch, placeholder, style, testId }: SearchBoxProps) {
  const [draft, setDraft] = useState({ for: value, text: value ?? '' });
  const text = draft.for === value ? draft.text : (value ?? '');
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      value={text}
      onChange={(event) => {
        setDraft({ for: value, text: event.target.value });
        if (!event.target.value) onSearch(undefined);
      }}
      onSearch={(next) => onSearch(next.trim() || undefined)}
      style={style}
      data-testid={testId}
    />
  );
}

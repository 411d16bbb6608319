import { useRef, useState } from 'react';
import { Button, Typography } from 'antd';
import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { LIMITS } from '../../../../contract/limits.ts';
import { PUBLIC_FILES_MAX } from '../../../../contract/online.ts';

/** A file chosen by the petitioner, ready to send (Base64, as the public endpoints take it). */
export interface ChosenFile {
  name: string;
  size: number;
  dataBase64: string;
}

const MB = LIMITS.attachmentBytes / 1024 / 1024;
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.txt';

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/**
 * Materials for a public form: PDF, photos, Word or text, at most PUBLIC_FILES_MAX, each within the upload limit.
 * Checks what the browser can check (count, size) and says so at once; the server checks the content.
 */
export function PetitionerFiles({
  value,
  onChange,
  testId = 'petitioner-files',
}: {
  value: ChosenFile[];
  onChange: (files: ChosenFile[]) => void;
  testId?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const add = async (list: FileList | null) => {
    if (!list?.length) return;
    const files = [...list];
    setProblem(null);
    if (value.length + files.length > PUBLIC_FILES_MAX) {
      setProblem(`一次最多上传 ${PUBLIC_FILES_MAX} 份材料`);
      return;
    }
    const tooBig = files.find((f) => f.size > LIMITS.attachmentBytes);
    if (tooBig) {
      setProblem(`「${tooBig.name}」超过 ${MB} MB，请压缩或拆分后上传`);
      return;
    }
    const empty = files.find((f) => f.size === 0);
    if (empty) {
      setProblem(`「${empty.name}」是空文件，请重新选择`);
      return;
    }
    try {
      const read = await Promise.all(
        files.map(async (f) => ({ name: f.name, size: f.size, dataBase64: await toBase64(f) })),
      );
      onChange([...value, ...read]);
    } catch {
      setProblem('读取文件失败，请重新选择');
    }
  };
  return (
    <div data-testid={testId}>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(e) => {
          void add(e.target.files);
          e.target.value = '';
        }}
      />
      <Button
        icon={<PaperClipOutlined />}
        onClick={() => input.current?.click()}
        disabled={value.length >= PUBLIC_FILES_MAX}
      >
        选择材料
      </Button>
      <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
        可上传 PDF、照片（JPG/PNG）、Word（.docx）或文本，最多 {PUBLIC_FILES_MAX} 份，每份不超过 {MB} MB
      </Typography.Text>
      {problem && (
        <div style={{ color: '#b91c1c', fontSize: 13, marginTop: 6 }} data-testid={`${testId}-problem`}>
          {problem}
        </div>
      )}
      {value.map((f, i) => (
        <div
          key={`${f.name}-${i}`}
          style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 6, fontSize: 13 }}
          data-testid={`${testId}-item`}
        >
          <PaperClipOutlined />
          <span style={{ overflowWrap: 'anywhere' }}>{f.name}</span>
          <span style={{ color: '#6b7280' }}>{sizeText(f.size)}</span>
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            aria-label={`移除 ${f.name}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          />
        </div>
      ))}
    </div>
  );
}

/** The files as the public endpoints take them. */
export const wireFiles = (files: readonly ChosenFile[]) =>
  files.map((f) => ({ name: f.name, dataBase64: f.dataBase64 }));

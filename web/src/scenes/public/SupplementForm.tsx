import { useState } from 'react';
import { Alert, Button, Input } from 'antd';
import { ApiError } from '../../api/client.ts';
import { call, client, type Ok } from '../../api/typed.ts';
import { PetitionerFiles, wireFiles, type ChosenFile } from './PetitionerFiles.tsx';
import { fmtDateCn } from '../../format.ts';

type Received = Ok<'/api/v1/public/items/{code}/materials', 'post'>['received'];

const box = {
  background: '#fff',
  borderRadius: 8,
  border: '1px solid #e6eaf0',
  padding: '16px 14px',
  marginBottom: 14,
};

/**
 * 补充材料: while the item is being handled the petitioner adds a note or files with the query code; the unit
 * handling it is told. What was sent stays on the page until it is received.
 */
export function SupplementForm({ code, onDone }: { code: string; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Received | null>(null);
  const submit = async () => {
    if (!note.trim() && !files.length) {
      setError('请填写补充说明或选择要补充的材料');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        client.POST('/api/v1/public/items/{code}/materials', {
          params: { path: { code } },
          body: { note: note.trim(), attachments: wireFiles(files) },
        }),
      );
      setDone(r.received);
      setNote('');
      setFiles([]);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '提交失败，请稍后重试；您填写的内容仍保留在本页。');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section style={box} data-testid="supplement">
      <div style={{ fontWeight: 600, marginBottom: 8 }}>补充材料</div>
      <div style={{ fontSize: 13, color: '#4b5563', lineHeight: 1.7, marginBottom: 10 }}>
        事项办理期间，如有新的情况或证明材料，可在此补充，办理单位会收到提醒。
      </div>
      {done && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 10 }}
          data-testid="supplement-done"
          message={`${fmtDateCn(done.receivedOn)}已收到您补充的${done.files.length ? ` ${done.files.length} 份材料` : '说明'}`}
        />
      )}
      <Input.TextArea
        autoSize={{ minRows: 2, maxRows: 8 }}
        maxLength={2000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder="补充说明（选填）"
        data-testid="supplement-note"
        style={{ marginBottom: 10 }}
      />
      <PetitionerFiles value={files} onChange={setFiles} testId="supplement-files" />
      {error && (
        <Alert type="error" showIcon message={error} style={{ marginTop: 10 }} data-testid="supplement-error" />
      )}
      <Button
        type="primary"
        block
        style={{ marginTop: 12 }}
        loading={busy}
        onClick={() => void submit()}
        data-testid="supplement-submit"
      >
        提交补充材料
      </Button>
    </section>
  );
}

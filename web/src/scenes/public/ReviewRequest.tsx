import { useState } from 'react';
import { Alert, Button, Input } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { fmtDateCn } from '../../format.ts';

/** The right to ask further while it is open (from the public view). */
type ReviewOpen = NonNullable<Dto<'ReviewOpen'>>;

type Acknowledgement = Dto<'ReviewAcknowledgement'>;

/** The document kind of the acknowledgement the petitioner keeps (a Word file on the public page too). */
const receiptKind = (kind: '复查' | '复核') => (kind === '复查' ? 'review_receipt' : 'rereview_receipt');

/**
 * 申请复查/复核 online: shown only while the window is open, with its last day and the organ; the petitioner
 * states the applicant and the grounds and keeps the acknowledgement.
 */
export function ReviewRequest({ code, open }: { code: string; open: ReviewOpen }) {
  const [applicant, setApplicant] = useState('');
  const [grounds, setGrounds] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ack, setAck] = useState<Acknowledgement | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        client.POST('/api/v1/public/items/{code}/review', {
          params: { path: { code } },
          body: { applicant, grounds },
        }),
      );
      setAck(r.acknowledgement);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '提交失败，请稍后重试；您填写的内容仍保留在本页。');
    } finally {
      setBusy(false);
    }
  };
  const box = {
    background: '#fff',
    borderRadius: 8,
    border: '1px solid #e6eaf0',
    padding: '16px 14px',
    marginBottom: 14,
  };
  if (ack)
    return (
      <section style={box} data-testid="review-ack">
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{ack.kind}申请回执</div>
        <div style={{ lineHeight: 1.8 }}>
          您于{fmtDateCn(ack.requestedOn)}就信访事项 {ack.number} 提出的{ack.kind}申请已收到并登记，由{ack.organ}办理
          {ack.decisionDue ? `，应于${fmtDateCn(ack.decisionDue)}前作出${ack.kind}意见` : ''}。请凭查询码查看进展。
        </div>
        <a
          href={`/api/v1/public/items/${encodeURIComponent(code)}/documents/${receiptKind(ack.kind)}`}
          download
          data-testid="review-ack-docx"
          style={{ display: 'inline-block', marginTop: 8, color: '#1d4ed8', fontSize: 15 }}
        >
          <FileWordOutlined style={{ marginRight: 6 }} />
          下载{ack.kind}申请回执（Word 文档）
        </a>
      </section>
    );
  return (
    <section style={box} data-testid="review-request">
      <div style={{ fontWeight: 600, marginBottom: 8 }}>申请{open.kind}</div>
      <div style={{ fontSize: 13, color: '#4b5563', lineHeight: 1.7, marginBottom: 10 }} data-testid="review-open">
        如对意见不服，您可以在{open.dueText}前（含当日）向{open.organ}申请{open.kind}。
      </div>
      <label style={{ display: 'block', marginBottom: 4 }} htmlFor="review-applicant">
        申请人
      </label>
      <Input
        id="review-applicant"
        maxLength={100}
        value={applicant}
        onChange={(e) => setApplicant(e.target.value)}
        data-testid="review-applicant"
        style={{ marginBottom: 10 }}
      />
      <label style={{ display: 'block', marginBottom: 4 }} htmlFor="review-grounds">
        申请理由
      </label>
      <Input.TextArea
        id="review-grounds"
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={4000}
        value={grounds}
        onChange={(e) => setGrounds(e.target.value)}
        placeholder="请写明对哪一项意见不服、事实和理由"
        data-testid="review-grounds"
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 10 }} data-testid="review-error" />}
      <Button
        type="primary"
        block
        style={{ marginTop: 12 }}
        loading={busy}
        onClick={() => void submit()}
        data-testid="review-submit"
      >
        提交{open.kind}申请
      </Button>
    </section>
  );
}

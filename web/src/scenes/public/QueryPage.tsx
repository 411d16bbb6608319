import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Alert, Button, Input, Radio, Spin, Tag } from 'antd';
import { CheckCircleFilled, FileWordOutlined, SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { call, client, type Dto, type Ok } from '../../api/typed.ts';
import { fmtDateCn } from '../../format.ts';
import { TERMINAL_STATUSES } from '../../../../contract/enums.ts';
import { ReviewRequest } from './ReviewRequest.tsx';
import { SupplementForm } from './SupplementForm.tsx';

type PublicAnswer = Ok<'/api/v1/public/items/{code}', 'get'>;
/**
 * GET /api/v1/public/items/{code} for a registered item: only what is addressed to the petitioner (a whitelist on
 * the server), with the documents downloadable with this code (identity numbers masked).
 */
type PublicItem = Extract<PublicAnswer, { kind: 'item' }>;
/** An online submission not (yet) registered: waiting for 受理登记, or declined with the reason given. */
type PublicSubmission = Dto<'PublicSubmissionView'>;
/** A 复查 or 复核 decision as served on the petitioner. */
type PublicDecision = NonNullable<PublicItem['review']>;

type Satisfaction = '满意' | '基本满意' | '不满意';
const SATISFACTIONS: Satisfaction[] = ['满意', '基本满意', '不满意'];

/** The code the petitioner typed: spaces removed, letters upper-cased (the code is printed in groups). */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s\-－—]+/g, '').toUpperCase();
}

/** Kept for the browser tab only, so that a reload shows the same item (never put in the address). */
const CODE_KEY = 'xf.query.code';
function storedCode(): string {
  try {
    return sessionStorage.getItem(CODE_KEY) ?? '';
  } catch {
    return '';
  }
}
function storeCode(code: string | null): void {
  try {
    if (code) sessionStorage.setItem(CODE_KEY, code);
    else sessionStorage.removeItem(CODE_KEY);
  } catch {
    /* storage unavailable */
  }
}

function messageOf(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429) return '查询过于频繁，请 1 分钟后再试。';
    if (e.status === 404 || e.status === 400) return e.message || '查询码不正确，请核对登记时告知您的查询码';
    if (e.status === 0) return '无法连接服务器，请检查网络后重试。';
    return e.message;
  }
  return '查询失败，请稍后重试。';
}

const RATING_COLOR: Record<string, string> = { 满意: 'green', 基本满意: 'blue', 不满意: 'orange' };
const OUTCOME_COLOR: Record<string, string> = { 支持: 'green', 解释说明: 'blue', 不予支持: 'orange' };

const page: CSSProperties = {
  minHeight: '100vh',
  background: 'linear-gradient(180deg,#eaf1fb 0,#f5f7fa 260px,#f5f7fa 100%)',
  color: '#1f2937',
};
const wrap: CSSProperties = { maxWidth: 720, margin: '0 auto', padding: '24px 16px 48px', boxSizing: 'border-box' };
const card: CSSProperties = {
  background: '#fff',
  borderRadius: 8,
  boxShadow: '0 1px 3px rgba(15,23,42,.06)',
  border: '1px solid #e6eaf0',
  padding: '18px 18px',
  marginBottom: 14,
};
const h2: CSSProperties = { fontSize: 16, fontWeight: 600, margin: '0 0 12px', color: '#111827' };
const label: CSSProperties = { color: '#6b7280', fontSize: 13 };
const text: CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.7 };

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section style={card} data-testid={testId}>
      <h2 style={h2}>{title}</h2>
      {children}
    </section>
  );
}

function Row({ k, children, testId }: { k: string; children: ReactNode; testId?: string }) {
  return (
    <div style={{ display: 'flex', gap: 12, padding: '6px 0', borderBottom: '1px dashed #eef0f3', flexWrap: 'wrap' }}>
      <div style={{ ...label, width: 72, flex: 'none', lineHeight: 1.7 }}>{k}</div>
      <div style={{ ...text, flex: '1 1 200px', minWidth: 0 }} data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

/**
 * 信访人查询: the petitioner enters the query code given at registration and sees progress, the answer to each
 * demand, the right to 复查 and, once the opinion is served, a satisfaction rating. Nothing else is shown.
 */
export default function QueryPage() {
  const [input, setInput] = useState(storedCode);
  const [code, setCode] = useState<string | null>(null);
  const [item, setItem] = useState<PublicItem | null>(null);
  const [submission, setSubmission] = useState<PublicSubmission | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [thanked, setThanked] = useState(false);

  useEffect(() => {
    const title = document.title;
    const margin = document.body.style.margin;
    document.title = '信访事项办理进度查询';
    document.body.style.margin = '0';
    return () => {
      document.title = title;
      document.body.style.margin = margin;
    };
  }, []);

  // Only the latest lookup may show its answer: typing abandons a lookup still under way (the reload's lookup of
  // the code kept in the tab must not overwrite the code the petitioner is typing, nor answer in its place).
  const latest = useRef(0);
  const type = (value: string) => {
    latest.current += 1;
    setBusy(false);
    setInput(value);
  };
  const load = async (raw: string) => {
    const seq = ++latest.current;
    const c = normaliseCode(raw);
    setError(null);
    if (c !== code) setThanked(false);
    if (!/^[A-Z0-9]{10}$/.test(c)) {
      setItem(null);
      setError(c.length === 0 ? '请输入查询码' : '查询码为 10 位字母或数字，请核对登记时告知您的查询码');
      return;
    }
    setBusy(true);
    try {
      const r = await call(client.GET('/api/v1/public/items/{code}', { params: { path: { code: c } } }));
      if (seq !== latest.current) return;
      setSubmission(r.kind === 'submission' ? r : null);
      setItem(r.kind === 'item' ? r : null);
      setCode(c);
      setInput(c);
      storeCode(c);
    } catch (e) {
      if (seq !== latest.current) return;
      setItem(null);
      setSubmission(null);
      setCode(null);
      storeCode(null);
      setError(messageOf(e));
    } finally {
      if (seq === latest.current) setBusy(false);
    }
  };

  // A reload in the same tab shows the item again.
  useEffect(() => {
    const c = storedCode();
    if (c) void load(c);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const reset = () => {
    setThanked(false);
    setItem(null);
    setSubmission(null);
    setCode(null);
    setInput('');
    setError(null);
    storeCode(null);
  };

  return (
    <div style={page} data-testid="public-query">
      <div style={wrap}>
        <header style={{ textAlign: 'center', margin: '8px 0 20px' }}>
          <div style={{ fontSize: 22, fontWeight: 600, color: '#1e3a8a', letterSpacing: 1 }}>信访事项办理进度查询</div>
          <div style={{ color: '#6b7280', marginTop: 6, fontSize: 14 }}>请输入登记时告知您的 10 位查询码</div>
        </header>

        <section style={card}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void load(input);
            }}
            style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}
          >
            <label htmlFor="query-code" style={{ position: 'absolute', left: -9999 }}>
              查询码
            </label>
            <Input
              id="query-code"
              data-testid="query-code-input"
              size="large"
              value={input}
              onChange={(e) => type(e.target.value)}
              placeholder="例如 AB3K 9PQR 7X"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={24}
              allowClear
              style={{
                flex: '1 1 160px',
                minWidth: 0,
                fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                letterSpacing: 2,
              }}
            />
            <Button
              type="primary"
              size="large"
              htmlType="submit"
              icon={<SearchOutlined />}
              loading={busy}
              style={{ flex: '0 0 auto' }}
              data-testid="query-submit"
            >
              查询
            </Button>
          </form>
          {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="query-error" />}
          <div style={{ ...label, marginTop: 10, fontSize: 12 }}>
            查询码不区分大小写，可含空格。请妥善保管查询码，不要告诉他人。
          </div>
        </section>

        {busy && !item && (
          <div style={{ textAlign: 'center', padding: 24 }}>
            <Spin />
          </div>
        )}
        {submission && (
          <section style={card} data-testid="public-submission">
            <h2 style={h2}>{submission.title}</h2>
            <Row k="信访编号">{submission.number}</Row>
            <Row k="提交日期">{fmtDateCn(submission.submittedOn)}</Row>
            <Row k="状态" testId="public-submission-status">
              {submission.statusLabel}
            </Row>
            {submission.rejectReason && (
              <Row k="理由" testId="public-submission-reason">
                {submission.rejectReason}
              </Row>
            )}
            {submission.status === 'pending' && (
              <div style={{ ...label, marginTop: 8 }}>信访部门受理登记后，您可以在此查看办理进度。</div>
            )}
            {code && <DocumentLinks code={code} documents={submission.documents} />}
          </section>
        )}
        {item && code && (
          <ItemView
            item={item}
            code={code}
            thanked={thanked}
            onRated={() => {
              setThanked(true);
              void load(code);
            }}
            onReset={reset}
          />
        )}
        {item?.reviewOpen && code && <ReviewRequest key={code} code={code} open={item.reviewOpen} />}
        {item && code && !TERMINAL_STATUSES.includes(item.status) && (
          <SupplementForm key={`s-${code}`} code={code} onDone={() => void load(code)} />
        )}

        <footer style={{ textAlign: 'center', marginTop: 24, fontSize: 13, color: '#9ca3af' }}>
          <Link to="/online" style={{ color: '#1d4ed8', marginRight: 16 }} data-testid="link-online">
            网上信访（在线提交）
          </Link>
          <Link to="/" style={{ color: '#6b7280' }}>
            工作人员登录
          </Link>
        </footer>
      </div>
    </div>
  );
}

function ItemView({
  item,
  code,
  thanked,
  onRated,
  onReset,
}: {
  item: PublicItem;
  code: string;
  thanked: boolean;
  onRated: () => void;
  onReset: () => void;
}) {
  return (
    <div data-testid="query-result">
      <section style={card}>
        <div
          style={{
            display: 'flex',
            justifyContent: 'space-between',
            gap: 8,
            alignItems: 'flex-start',
            flexWrap: 'wrap',
          }}
        >
          <div style={{ ...label }}>
            事项编号{' '}
            <span data-testid="q-number" style={{ color: '#111827' }}>
              {item.number}
            </span>
          </div>
          <Tag
            color={item.servedOn ? 'green' : 'blue'}
            style={{ marginInlineEnd: 0, fontSize: 13 }}
            data-testid="q-status"
          >
            {item.statusLabel}
          </Tag>
        </div>
        <div style={{ fontSize: 18, fontWeight: 600, margin: '10px 0 4px', ...text }} data-testid="q-title">
          {item.title}
        </div>
        <div style={label}>收到日期 {fmtDateCn(item.receivedOn)}</div>
      </section>

      <Section title="办理进度" testId="q-progress">
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {item.progress.map((p, i) => {
            const last = i === item.progress.length - 1;
            return (
              <li key={i} style={{ display: 'flex', gap: 12 }}>
                <div
                  style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', flex: 'none', width: 12 }}
                >
                  <span
                    style={{
                      width: 10,
                      height: 10,
                      borderRadius: '50%',
                      marginTop: 7,
                      background: last ? '#1d4ed8' : '#fff',
                      border: '2px solid #1d4ed8',
                      boxSizing: 'border-box',
                    }}
                  />
                  {!last && <span style={{ flex: 1, width: 2, background: '#dbe3f0', minHeight: 16 }} />}
                </div>
                <div style={{ paddingBottom: last ? 0 : 14, minWidth: 0 }}>
                  <div style={{ ...text, fontWeight: last ? 600 : 400 }}>{p.summary}</div>
                  {p.text && (
                    <div
                      style={{ ...text, fontSize: 14, color: '#374151', marginTop: 2 }}
                      data-testid={`q-text-${p.step}`}
                    >
                      {p.text}
                    </div>
                  )}
                  <div style={{ ...label, fontSize: 12 }}>{fmtDateCn(p.on)}</div>
                </div>
              </li>
            );
          })}
        </ol>
      </Section>

      <Section title={`您的诉求与答复（${item.demands.length} 项）`} testId="q-demands">
        {item.demands.map((d, i) => (
          <div
            key={i}
            style={{ padding: '8px 0', borderBottom: i < item.demands.length - 1 ? '1px dashed #eef0f3' : 'none' }}
            data-testid={`q-demand-${i}`}
          >
            <div style={text}>
              <span style={label}>诉求 {i + 1}　</span>
              {d.text}
            </div>
            {d.answer ? (
              <div style={{ marginTop: 6, padding: '8px 10px', background: '#f8fafc', borderRadius: 6 }}>
                <Tag color={OUTCOME_COLOR[d.answer.outcome] ?? 'default'}>{d.answer.outcome}</Tag>
                <span style={text}>{d.answer.explanation}</span>
              </div>
            ) : (
              <div style={{ ...label, marginTop: 6 }}>正在办理，尚未答复</div>
            )}
          </div>
        ))}
      </Section>

      {(item.opinion || item.servedOn) && (
        <Section title="处理意见" testId="q-opinion">
          {item.opinion && (
            <Row k="处理依据" testId="q-basis">
              {item.opinion.basis}
            </Row>
          )}
          {item.opinion && <Row k="出具日期">{fmtDateCn(item.opinion.issuedOn)}</Row>}
          <Row k="送达日期" testId="q-served">
            {item.servedOn ? fmtDateCn(item.servedOn) : '尚未送达'}
          </Row>
          {item.review && <Decision k="复查意见" d={item.review} testId="q-review" />}
          {item.rereview && <Decision k="复核意见" d={item.rereview} testId="q-rereview" />}
          {item.reviewRight && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              message={item.reviewRight}
              data-testid="q-review-right"
            />
          )}
        </Section>
      )}

      {item.documents.length > 0 && (
        <Section title="送达给您的文书" testId="q-documents">
          <DocumentLinks code={code} documents={item.documents} />
        </Section>
      )}

      {thanked && (
        <section style={{ ...card, textAlign: 'center', padding: '24px 18px' }} data-testid="rating-thanks">
          <CheckCircleFilled style={{ fontSize: 36, color: '#16a34a' }} />
          <div style={{ fontSize: 17, fontWeight: 600, marginTop: 10 }}>感谢您的评价</div>
          <div style={{ ...label, marginTop: 6 }}>您的意见已记录，我们将据此改进工作。</div>
        </section>
      )}
      {item.rating && (
        <Section title="您的评价" testId="q-rating">
          <div>
            <Tag color={RATING_COLOR[item.rating.satisfaction] ?? 'blue'} style={{ fontSize: 13 }}>
              {item.rating.satisfaction}
            </Tag>
            <span style={label}>{fmtDateCn(item.rating.on)}</span>
          </div>
          {item.rating.comment && <div style={{ ...text, marginTop: 6 }}>{item.rating.comment}</div>}
        </Section>
      )}
      {item.canRate && !thanked && <RatingForm code={code} onRated={onRated} />}

      <div style={{ textAlign: 'center' }}>
        <Button type="link" onClick={onReset} data-testid="query-reset">
          查询其他事项
        </Button>
      </div>
    </div>
  );
}

function Decision({ k, d, testId }: { k: string; d: PublicDecision; testId: string }) {
  return (
    <Row k={k} testId={testId}>
      <Tag color="blue">{d.outcome}</Tag>
      {d.opinion}
      <div style={{ ...label, fontSize: 12 }}>
        {fmtDateCn(d.decidedOn)} 作出{d.servedOn ? `，${fmtDateCn(d.servedOn)} 送达` : ''}
      </div>
    </Row>
  );
}

/** The Word documents a query code downloads (the identity numbers in them are masked on the server). */
function DocumentLinks({ code, documents }: { code: string; documents: { kind: string; name: string }[] }) {
  if (!documents.length) return null;
  return (
    <div data-testid="q-document-links">
      <div style={{ ...label, margin: '8px 0' }}>下载的文书中，身份证号码、电话和住址已部分隐去。</div>
      {documents.map((d) => (
        <div key={d.kind} style={{ padding: '6px 0' }}>
          <a
            href={`/api/v1/public/items/${encodeURIComponent(code)}/documents/${d.kind}`}
            download
            data-testid={`q-doc-${d.kind}`}
            style={{ color: '#1d4ed8', fontSize: 15 }}
          >
            <FileWordOutlined style={{ marginRight: 6 }} />
            {d.name}（Word 文档）
          </a>
        </div>
      ))}
    </div>
  );
}

function RatingForm({ code, onRated }: { code: string; onRated: () => void }) {
  const [choice, setChoice] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!choice) {
      setError('请选择一项评价');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(
        client.POST('/api/v1/public/items/{code}/rating', {
          params: { path: { code } },
          body: { satisfaction: choice, comment: comment.trim() },
        }),
      );
      onRated();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="请您评价本次办理" testId="rating-form">
      <div style={{ ...label, marginBottom: 10 }}>您对处理意见是否满意？评价只能提交一次。</div>
      <Radio.Group
        value={choice}
        onChange={(e) => setChoice(e.target.value as Satisfaction)}
        optionType="button"
        buttonStyle="solid"
        size="large"
        style={{ display: 'flex', width: '100%' }}
        data-testid="rating-choice"
      >
        {SATISFACTIONS.map((s) => (
          <Radio.Button key={s} value={s} style={{ flex: 1, textAlign: 'center' }}>
            {s}
          </Radio.Button>
        ))}
      </Radio.Group>
      <Input.TextArea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        rows={3}
        maxLength={1000}
        showCount
        placeholder="您的意见或建议（选填）"
        style={{ marginTop: 12 }}
        data-testid="rating-comment"
        aria-label="意见或建议"
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="rating-error" />}
      <Button
        type="primary"
        size="large"
        block
        loading={busy}
        onClick={submit}
        style={{ marginTop: 16 }}
        data-testid="rating-submit"
      >
        提交评价
      </Button>
    </Section>
  );
}

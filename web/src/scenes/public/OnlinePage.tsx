import { useEffect, useState, type CSSProperties } from 'react';
import { Alert, Button, Checkbox, Form, Input, Progress } from 'antd';
import { CheckCircleFilled, FileWordOutlined, PlusOutlined, PrinterOutlined, SafetyOutlined } from '@ant-design/icons';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import { Link } from 'react-router';
import { PIPL_NOTICE } from '../../../../contract/online-notice.ts';
import { ApiError } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { PetitionerFiles, wireFiles, type ChosenFile } from './PetitionerFiles.tsx';
import { fmtDateCn } from '../../format.ts';

/** What the server returns on the spot (identity masked): printed as the 登记回执. */
type Receipt = Dto<'OnlineReceipt'>;

interface FormValues {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  title: string;
  content: string;
  demands: string[];
  place?: string;
  consent: boolean;
}

type Pow = { challenge: Challenge; solution: { counter: number; derivedKey: string } };

const page: CSSProperties = {
  minHeight: '100vh',
  background: 'linear-gradient(180deg,#eaf1fb 0,#f5f7fa 260px,#f5f7fa 100%)',
  color: '#1f2937',
};
const wrap: CSSProperties = { maxWidth: 720, margin: '0 auto', padding: '20px 12px 48px', boxSizing: 'border-box' };
const card: CSSProperties = {
  background: '#fff',
  borderRadius: 8,
  border: '1px solid #e6eaf0',
  padding: '16px 14px',
  marginBottom: 14,
};

/** 2026年12月2日: dates on a document are written the Chinese way. */

/** The query code printed in groups of four, as the petitioner reads it out on the phone. */
const grouped = (code: string) => code.replace(/(.{4})(?=.)/g, '$1 ');

function messageOf(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return '无法连接服务器，请检查网络后重试。您填写的内容仍保留在本页。';
    return e.message;
  }
  return '提交失败，请稍后重试。您填写的内容仍保留在本页。';
}

/**
 * 网上信访: a petitioner without an account states the matter. A proof-of-work solved in the browser (no outside
 * service) stands in for a captcha; the number and query code are shown on the spot with a printable 登记回执.
 */
export default function OnlinePage() {
  const [form] = Form.useForm<FormValues>();
  const [pow, setPow] = useState<Pow | null>(null);
  const [solving, setSolving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [files, setFiles] = useState<ChosenFile[]>([]);

  useEffect(() => {
    const title = document.title;
    const margin = document.body.style.margin;
    document.title = '网上信访';
    document.body.style.margin = '0';
    return () => {
      document.title = title;
      document.body.style.margin = margin;
    };
  }, []);

  const verify = async () => {
    setSolving(true);
    setError(null);
    try {
      const challenge = (await call(client.GET('/api/v1/public/online/challenge'))) as Challenge;
      const solution = await solveChallenge({ challenge, deriveKey, timeout: 120_000 });
      if (!solution) throw new Error('timeout');
      setPow({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } });
    } catch (e) {
      setError(e instanceof ApiError ? messageOf(e) : '安全验证未完成，请重试。');
    } finally {
      setSolving(false);
    }
  };

  const submit = async (v: FormValues) => {
    if (!pow) {
      setError('请先点击「开始验证」完成安全验证');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        client.POST('/api/v1/public/online/submissions', {
          body: {
            ...v,
            demands: v.demands.map((d) => d.trim()).filter(Boolean),
            consent: v.consent === true,
            attachments: wireFiles(files),
            pow: { ...pow, challenge: { ...pow.challenge, parameters: { ...pow.challenge.parameters } } },
          },
        }),
      );
      setReceipt(r.receipt);
      window.scrollTo(0, 0);
    } catch (e) {
      setError(messageOf(e));
      // A spent or expired challenge must be solved again; other errors keep it.
      if (e instanceof ApiError && /安全验证/.test(e.message)) setPow(null);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) return <ReceiptView r={receipt} />;

  return (
    <div style={page} data-testid="online-page">
      <div style={wrap}>
        <header style={{ textAlign: 'center', margin: '8px 0 16px' }}>
          <div style={{ fontSize: 22, fontWeight: 600, color: '#1e3a8a', letterSpacing: 1 }}>网上信访</div>
          <div style={{ color: '#6b7280', marginTop: 6, fontSize: 14 }}>
            请如实填写。提交后即可获得信访编号和查询码，信访部门将依法登记办理。
          </div>
        </header>
        <Form
          form={form}
          layout="vertical"
          requiredMark
          initialValues={{ demands: [''], consent: false }}
          onFinish={(v) => void submit(v)}
          onFinishFailed={() => setError('请按提示补全或更正标红的内容')}
          scrollToFirstError
        >
          <section style={card}>
            <div style={{ fontWeight: 600, marginBottom: 8 }}>信访人</div>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
              <Input maxLength={50} autoComplete="name" data-testid="online-name" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label="身份证号码"
              rules={[{ required: true, whitespace: true, message: '请填写身份证号码' }]}
            >
              <Input maxLength={30} autoComplete="off" data-testid="online-id" />
            </Form.Item>
            <Form.Item
              name="phone"
              label="联系电话"
              rules={[{ required: true, whitespace: true, message: '请填写联系电话' }]}
            >
              <Input maxLength={30} inputMode="tel" autoComplete="tel" data-testid="online-phone" />
            </Form.Item>
            <Form.Item
              name="address"
              label="住址"
              rules={[{ required: true, whitespace: true, message: '请填写住址' }]}
            >
              <Input maxLength={200} autoComplete="street-address" data-testid="online-address" />
            </Form.Item>
          </section>
          <section style={card}>
            <div style={{ fontWeight: 600, marginBottom: 8 }}>反映的问题</div>
            <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
              <Input maxLength={200} placeholder="一句话概括您反映的问题" data-testid="online-title" />
            </Form.Item>
            <Form.Item name="place" label="问题发生地（选填）">
              <Input maxLength={200} placeholder="例如：某街道某小区" data-testid="online-place" />
            </Form.Item>
            <Form.Item
              name="content"
              label="信访内容"
              rules={[{ required: true, whitespace: true, message: '请填写信访内容' }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 4, maxRows: 12 }}
                maxLength={20000}
                showCount
                placeholder="请写明时间、地点、经过和涉及的单位"
                data-testid="online-content"
              />
            </Form.Item>
            <Form.List name="demands">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Form.Item
                      key={f.key}
                      label={i === 0 ? '诉求（每项一条）' : undefined}
                      required={i === 0}
                      style={{ marginBottom: 8 }}
                    >
                      <div style={{ display: 'flex', gap: 8 }}>
                        <Form.Item
                          name={f.name}
                          noStyle
                          rules={[{ required: i === 0, whitespace: true, message: '请至少填写一项诉求' }]}
                        >
                          <Input
                            maxLength={2000}
                            placeholder={`第 ${i + 1} 项诉求`}
                            data-testid={`online-demand-${i}`}
                          />
                        </Form.Item>
                        {i > 0 && <Button onClick={() => remove(f.name)}>删除</Button>}
                      </div>
                    </Form.Item>
                  ))}
                  {fields.length < 20 && (
                    <Button icon={<PlusOutlined />} onClick={() => add('')} data-testid="online-add-demand">
                      增加一项诉求
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </section>
          <section style={card}>
            <div style={{ fontWeight: 600, marginBottom: 8 }}>相关材料（选填）</div>
            <PetitionerFiles value={files} onChange={setFiles} testId="online-files" />
          </section>
          <section style={card}>
            <div style={{ fontWeight: 600, marginBottom: 8 }}>个人信息处理告知</div>
            <div style={{ fontSize: 13, color: '#4b5563', lineHeight: 1.7, marginBottom: 8 }}>{PIPL_NOTICE}</div>
            <Form.Item
              name="consent"
              valuePropName="checked"
              rules={[
                { validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error('请阅读并同意后再提交'))) },
              ]}
            >
              <Checkbox data-testid="online-consent">我已阅读并同意上述个人信息处理告知</Checkbox>
            </Form.Item>
            <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
              {pow ? (
                <span style={{ color: '#15803d' }} data-testid="online-verified">
                  <CheckCircleFilled /> 安全验证已完成
                </span>
              ) : (
                <Button
                  icon={<SafetyOutlined />}
                  loading={solving}
                  onClick={() => void verify()}
                  data-testid="online-verify"
                >
                  {solving ? '正在验证，请稍候…' : '开始验证'}
                </Button>
              )}
              {solving && <Progress percent={99} status="active" showInfo={false} style={{ width: 120 }} />}
              <span style={{ fontSize: 12, color: '#6b7280' }}>验证在您的设备上自动完成，无需识别图片。</span>
            </div>
          </section>
          {error && (
            <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="online-error" />
          )}
          <Button type="primary" size="large" block htmlType="submit" loading={busy} data-testid="online-submit">
            提交
          </Button>
        </Form>
        <footer style={{ textAlign: 'center', marginTop: 24, fontSize: 13 }}>
          <Link to="/query" style={{ color: '#6b7280' }}>
            已有查询码？查询办理进度
          </Link>
        </footer>
      </div>
    </div>
  );
}

/** The 登记回执: shown on the spot, printable (the page's print style hides everything else). */
function ReceiptView({ r }: { r: Receipt }) {
  const row = (k: string, v: string, testId?: string) => (
    <div style={{ display: 'flex', gap: 12, padding: '6px 0', borderBottom: '1px dashed #e5e7eb', flexWrap: 'wrap' }}>
      <div style={{ width: 84, color: '#6b7280', flex: 'none' }}>{k}</div>
      <div
        style={{ flex: '1 1 180px', minWidth: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
        data-testid={testId}
      >
        {v}
      </div>
    </div>
  );
  return (
    <div style={page} data-testid="online-receipt">
      <style>{'@media print { .no-print { display: none !important; } body { background: #fff; } }'}</style>
      <div style={wrap}>
        <section style={{ ...card, padding: '20px 16px' }}>
          <div style={{ textAlign: 'center', fontSize: 20, fontWeight: 600, letterSpacing: 2, marginBottom: 4 }}>
            网上信访登记回执
          </div>
          <div style={{ textAlign: 'center', color: '#6b7280', fontSize: 13, marginBottom: 12 }}>
            提交日期：{fmtDateCn(r.submittedOn)}
          </div>
          {row('信访编号', r.number, 'receipt-number')}
          {row('查询码', grouped(r.queryCode), 'receipt-code')}
          {row('信访人', r.name)}
          {row('身份证号码', r.idNumber)}
          {row('联系电话', r.phone)}
          {row('标题', r.title)}
          {row('诉求', r.demands.map((d, i) => `${i + 1}. ${d}`).join('\n'))}
          {r.attachments.length > 0 && row('随附材料', r.attachments.map((a) => a.name).join('\n'), 'receipt-files')}
          <div style={{ marginTop: 12, fontSize: 13, lineHeight: 1.8, color: '#374151' }}>
            您的信访事项已提交，信访部门将进行受理登记并依法办理。请妥善保管查询码，凭查询码可查看办理进度、
            下载告知您的文书、进行满意度评价；查询码只显示这一次，请截图、打印或下载本回执。
          </div>
        </section>
        <div className="no-print" style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="receipt-print">
            打印回执
          </Button>
          <Button
            icon={<FileWordOutlined />}
            href={`/api/v1/public/items/${encodeURIComponent(r.queryCode)}/documents/online_receipt`}
            download
            data-testid="receipt-docx"
          >
            下载回执（Word）
          </Button>
          <Link to="/query">
            <Button>查询办理进度</Button>
          </Link>
        </div>
      </div>
    </div>
  );
}

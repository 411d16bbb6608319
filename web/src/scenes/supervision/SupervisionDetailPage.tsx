import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ESCALATION_LEVEL_LABELS,
  SUGGESTION_REASON_LABELS,
  SUPERVISION_STATUS_LABELS,
  type SupervisionStatus,
} from '../../../../contract/supervision.ts';
import { errorText } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { useServerToday, useUnits } from '../../api/reference.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

type View = Dto<'SupervisionView'>;
type StepName = 'reply' | 'press' | 'accept' | 'cancel';

export const SUPERVISION_STATUS_COLORS: Readonly<Record<SupervisionStatus, string | undefined>> = {
  issued: 'blue',
  answered: 'gold',
  pressed: 'orange',
  accepted: 'green',
  cancelled: undefined,
};

const STEP_TEXT: Readonly<Record<StepName, { button: string; title: string }>> = {
  reply: { button: '督办回复', title: '督办回复（办理情况）' },
  press: { button: '再次督促', title: '再次督促（回复不合要求）' },
  accept: { button: '采纳办结', title: '采纳回复，督办办结' },
  cancel: { button: '撤销督办', title: '撤销督办' },
};

interface StepValues {
  on: Dayjs;
  text?: string;
  date?: Dayjs;
}

/** One step of a 督办 as a form: the fields the step takes, the version sent, the server's error shown. */
function StepModal({ s, step, today, onClose }: { s: View; step: StepName; today: string; onClose: () => void }) {
  const [form] = Form.useForm<StepValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const textLabel = { reply: '办理情况', press: '督促意见', accept: '审核意见（可不填）', cancel: '撤销理由' }[step];
  const dateLabel = step === 'reply' ? '预计办结日期（可不填）' : step === 'press' ? '新的回复期限' : null;
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const on = v.on.format('YYYY-MM-DD');
    const text = (v.text ?? '').trim();
    const date = v.date ? v.date.format('YYYY-MM-DD') : null;
    const input =
      step === 'reply'
        ? { step, on, done: text, expectedFinishOn: date }
        : step === 'press'
          ? { step, on, note: text, newDueOn: date ?? '' }
          : step === 'accept'
            ? { step, on, ...(text ? { note: text } : {}) }
            : { step, on, reason: text };
    setBusy(true);
    setError(null);
    try {
      await call(
        client.POST('/api/v1/supervisions/{id}/steps', {
          params: { path: { id: s.id } },
          body: { version: s.version, input },
        }),
      );
      await qc.invalidateQueries({ queryKey: ['supervisions'] });
      await qc.invalidateQueries({ queryKey: ['supervision', s.id] });
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${STEP_TEXT[step].title}：${s.number}`}
      okText="提交"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'sv-step-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} data-testid="sv-step-error" />
      )}
      <Form form={form} layout="vertical" initialValues={{ on: dayjs(today) }}>
        <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item
          name="text"
          label={textLabel}
          rules={step === 'accept' ? [] : [{ required: true, whitespace: true, message: `请填写${textLabel}` }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="sv-step-text" />
        </Form.Item>
        {dateLabel && (
          <Form.Item
            name="date"
            label={dateLabel}
            rules={step === 'press' ? [{ required: true, message: '请选择新的回复期限' }] : []}
          >
            <DatePicker data-testid="sv-step-date" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 督办详情: the order, its items with the 督办单, its history, and the steps this reader may take. */
export default function SupervisionDetailPage() {
  const { id = '' } = useParams();
  const units = useUnits();
  const today = useServerToday();
  const [step, setStep] = useState<StepName | null>(null);
  const q = useQuery({
    queryKey: ['supervision', id],
    queryFn: () => call(client.GET('/api/v1/supervisions/{id}', { params: { path: { id } } })),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const s = q.data;
  const unitName = units.data?.find((u) => u.id === s.unitId)?.name ?? '';
  const history = [
    { on: s.issuedOn, seq: 0, text: `${s.issuedByName} 下发${s.kind}，要求 ${s.issuedDueOn} 前回复`, color: 'blue' },
    // Within a day: each round's reply before its review, in round order.
    ...s.replies.map((r) => ({
      on: r.on,
      seq: r.round * 10 + 1,
      text: `${r.byName} 回复：${r.done}${r.expectedFinishOn ? `（预计 ${r.expectedFinishOn} 办结）` : ''}`,
      color: 'gold',
    })),
    ...s.reviews.map((r) =>
      r.decision === 'press'
        ? {
            on: r.on,
            seq: r.round * 10 + 2,
            text: `${r.byName} 再次督促：${r.note}（新期限 ${r.newDueOn}）`,
            color: 'orange',
          }
        : {
            on: r.on,
            seq: r.round * 10 + 2,
            text: `${r.byName} 采纳回复，督办办结${r.note ? `：${r.note}` : ''}`,
            color: 'green',
          },
    ),
    ...s.escalations.map((e) => ({
      on: e.on,
      seq: 5,
      text: `逾期未${e.reason === 'unanswered' ? '回复' : '办结'}，升级告知${ESCALATION_LEVEL_LABELS[e.level]}`,
      color: 'red',
    })),
    ...(s.cancellation
      ? [{ on: s.cancellation.on, seq: 1e6, text: `撤销：${s.cancellation.reason}`, color: 'gray' }]
      : []),
  ].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
  const steps = s.steps.filter((x): x is StepName => x in STEP_TEXT);
  return (
    <div data-testid="supervision-detail">
      <Space style={{ marginBottom: 8 }}>
        <Link to="/supervisions">← 督办台账</Link>
      </Space>
      <Typography.Title level={4}>
        {s.number}{' '}
        <Tag color={SUPERVISION_STATUS_COLORS[s.status]} data-testid="sv-status">
          {SUPERVISION_STATUS_LABELS[s.status]}
        </Tag>
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="督办方式">{s.kind}</Descriptions.Item>
          <Descriptions.Item label="被督办单位">{unitName}</Descriptions.Item>
          <Descriptions.Item label="下发日期">{s.issuedOn}</Descriptions.Item>
          <Descriptions.Item label="当前回复期限">{s.dueOn}</Descriptions.Item>
          <Descriptions.Item label="下发人">{s.issuedByName}</Descriptions.Item>
          {s.closedOn && <Descriptions.Item label="办结日期">{s.closedOn}</Descriptions.Item>}
          {s.suggestedFor.length > 0 && (
            <Descriptions.Item label="督办建议">
              {s.suggestedFor.map((c) => (
                <Tag key={c}>{SUGGESTION_REASON_LABELS[c]}</Tag>
              ))}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Paragraph style={{ marginTop: 8 }}>
          <Typography.Text strong>督办事由：</Typography.Text>
          <span data-testid="sv-reason">{s.reason}</span>
        </Typography.Paragraph>
        <Typography.Paragraph>
          <Typography.Text strong>督办要求：</Typography.Text>
          {s.requirements}
        </Typography.Paragraph>
        {steps.length > 0 && (
          <Space wrap data-testid="sv-steps">
            {steps.map((x) => (
              <Button
                key={x}
                type={x === 'reply' || x === 'accept' ? 'primary' : 'default'}
                danger={x === 'cancel'}
                onClick={() => setStep(x)}
                data-testid={`sv-step-${x}`}
              >
                {STEP_TEXT[x].button}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      <Card size="small" title="涉及事项" style={{ marginBottom: 12 }}>
        {s.items.length === 0 ? (
          <Typography.Text type="secondary">没有您可查看的事项</Typography.Text>
        ) : (
          <Space direction="vertical">
            {s.items.map((i) => (
              <Space key={i.id}>
                <Link to={`/items/${i.id}`}>
                  {i.number} {i.maskedTitle}
                </Link>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  href={`/api/v1/supervisions/${s.id}/items/${i.id}/document`}
                  data-testid="sv-order-doc"
                >
                  督办单
                </Button>
              </Space>
            ))}
          </Space>
        )}
      </Card>
      <Card size="small" title="督办过程">
        <Timeline
          data-testid="sv-history"
          items={history.map((h) => ({ color: h.color, children: `${h.on}　${h.text}` }))}
        />
      </Card>
      {step && today.data && <StepModal s={s} step={step} today={today.data} onClose={() => setStep(null)} />}
    </div>
  );
}

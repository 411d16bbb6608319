import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import {
  ALL_ROUTE_KINDS,
  OPINION_OUTCOMES,
  RETURN_VISIT_METHODS,
  REVIEW_OUTCOMES,
  SATISFACTION,
  STEP_LABELS,
  type Step,
} from '../../../../contract/enums.ts';
import { LIMITS } from '../../../../contract/limits.ts';
import { ApiError, errorText } from '../../api/client.ts';
import { type Body, call, client } from '../../api/typed.ts';
import { useUnits } from '../../api/reference.ts';
import type { ItemView } from '../../api/types.ts';
import { ClockStepFields, clockStepInput, RouteExtraFields, routeExtraInput } from './ClockStepFields.tsx';

/** Steps that need nothing but a date and a confirmation. */
const SIMPLE: Step[] = [
  'confirm_receipt',
  'accept',
  'serve',
  'conclude',
  'approve_close',
  'request_review',
  'serve_decision',
  'request_rereview',
  'record_delivery',
];
const opts = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** Short button labels for each step. */
export const STEP_BUTTON: Record<Step, string> = { ...STEP_LABELS, route: '交转' };

/** The input of a step as the API takes it. */
type StepInput = Body<'/api/v1/items/{id}/steps', 'post'>['input'];

/**
 * Builds the API input of a step from the modal's form values. The form checks each field; the assembled input
 * is the server's to validate again, so it is cast here rather than proven.
 */
function toInput(step: Step, v: Record<string, unknown>): StepInput {
  return { ...baseInput(step, v), ...clockStepInput(step, v) } as StepInput;
}

function baseInput(step: Step, v: Record<string, unknown>): Record<string, unknown> {
  const on = day(v.on as Dayjs | undefined);
  const base = { step, ...(on ? { on } : {}) };
  switch (step) {
    case 'route':
      return {
        ...base,
        kind: v.kind,
        unitId: v.unitId ?? null,
        assistUnitIds: v.assistUnitIds ?? [],
        note: v.note ?? '',
        redactIdentity: v.redactIdentity === true,
        ...routeExtraInput(v),
      };
    case 'object':
      return { ...base, reason: v.reason };
    case 'decline':
      return { ...base, kind: v.kind, reason: v.reason };
    case 'request_extension':
      return { ...base, days: v.days, reason: v.reason };
    case 'decide_extension':
      return {
        ...base,
        approve: v.approve === 'yes',
        note: v.note ?? '',
        ...(v.approve === 'yes' ? { noticeReason: v.noticeReason } : {}),
      };
    case 'reply':
      return {
        ...base,
        facts: v.facts,
        basis: v.basis,
        answers: ((v.answers as { outcome: string; explanation: string }[]) ?? []).map((a, i) => ({
          demandIndex: i,
          outcome: a.outcome,
          explanation: a.explanation,
        })),
      };
    case 'rate':
      return {
        ...base,
        satisfaction: v.satisfaction,
        comment: v.comment ?? '',
        visit: { method: v.visitMethod, outcome: v.visitOutcome ?? '' },
      };
    case 'send_back':
      return { ...base, reason: v.reason };
    case 'decide_review':
    case 'decide_rereview':
      return { ...base, outcome: v.outcome, opinion: v.opinion };
    case 'add_hearing':
      return { step, from: day(v.from as Dayjs), to: day(v.to as Dayjs), reason: v.reason ?? '听证' };
    default:
      return base;
  }
}

const req = (msg: string) => [{ required: true, whitespace: true, message: msg }];

function Fields({ step, item }: { step: Step; item: ItemView }) {
  const units = useUnits();
  // The longest extension the configured 办理 rule allows (the server checks it again).
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => call(client.GET('/api/v1/rules')), staleTime: 300_000 });
  const maxExtension = rules.data?.rules.find((r) => r.code === 'handle')?.maxExtensionDays;
  const unitOptions = (units.data ?? []).map((u) => ({
    value: u.id,
    label: u.insideDistrict ? u.name : `${u.name}（区外）`,
  }));
  const kind = Form.useWatch('kind');
  const unitId = Form.useWatch('unitId') as string | undefined;
  const assist = Form.useWatch('assistUnitIds') as string[] | undefined;
  const approve = Form.useWatch('approve');
  const accusedUnit = item.accused?.unitId ?? null;
  const toAccused = accusedUnit !== null && (unitId === accusedUnit || (assist ?? []).includes(accusedUnit));
  switch (step) {
    case 'route':
      return (
        <>
          {item.warnings.map((w) => (
            <Alert
              key={w}
              type="warning"
              showIcon
              message={w}
              style={{ marginBottom: 12 }}
              data-testid="route-warning"
            />
          ))}
          <Form.Item name="kind" label="交转方式" rules={[{ required: true, message: '请选择交转方式' }]}>
            <Radio.Group options={opts(ALL_ROUTE_KINDS)} data-testid="route-kind" />
          </Form.Item>
          {kind !== '导入法律程序' && item.flags.includes('涉法涉诉') && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="route-legal-warning"
              message="本事项标记为涉法涉诉：依法应通过诉讼、仲裁、行政复议等途径解决的，应选择“导入法律程序”，不宜交行政机关按信访程序办理"
            />
          )}
          {(kind === '转送' || kind === '交办') && (
            <>
              <Form.Item name="unitId" label="责任单位" rules={[{ required: true, message: '请选择责任单位' }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={unitOptions}
                  loading={units.isPending}
                  placeholder="选择或搜索单位"
                  data-testid="route-unit"
                />
              </Form.Item>
              <Form.Item name="assistUnitIds" label="协办单位">
                <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions} />
              </Form.Item>
              {toAccused && (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="route-accused"
                  message="所选单位是被检举控告人所在单位"
                  description={
                    '检举控告材料和检举人身份不得交给被检举控告的单位。确需交其办理（主办或协办）的，' +
                    '须勾选下面的「隐去信访人身份信息」：该单位将看不到信访人身份、联系方式、材料、被检举控告人信息和关联事项。'
                  }
                />
              )}
              {accusedUnit !== null && (
                <Form.Item
                  name="redactIdentity"
                  valuePropName="checked"
                  rules={
                    toAccused
                      ? [
                          {
                            validator: (_, v) =>
                              v
                                ? Promise.resolve()
                                : Promise.reject(new Error('交由被检举控告人所在单位须隐去信访人身份信息')),
                          },
                        ]
                      : []
                  }
                >
                  <Checkbox data-testid="route-redact">隐去信访人身份信息</Checkbox>
                </Form.Item>
              )}
            </>
          )}
          <RouteExtraFields kind={kind} />
          <Form.Item name="note" label="交转意见">
            <Input.TextArea rows={2} maxLength={LIMITS.text.note} />
          </Form.Item>
        </>
      );
    case 'object':
    case 'send_back':
      return (
        <Form.Item name="reason" label={step === 'object' ? '异议理由' : '退回理由'} rules={req('请填写理由')}>
          <Input.TextArea rows={3} maxLength={LIMITS.text.reason} />
        </Form.Item>
      );
    case 'decline':
      return (
        <>
          <Form.Item name="kind" label="告知类型" rules={[{ required: true, message: '请选择' }]}>
            <Radio.Group options={opts(['不予受理', '不再受理'])} />
          </Form.Item>
          <Form.Item name="reason" label="理由" rules={req('请填写理由')}>
            <Input.TextArea rows={3} maxLength={LIMITS.text.reason} />
          </Form.Item>
        </>
      );
    case 'request_extension':
      return (
        <>
          <Form.Item
            name="days"
            label={maxExtension === undefined ? '延期天数' : `延期天数（不超过 ${maxExtension} 日）`}
            rules={[
              { required: true, message: '请填写延期天数' },
              {
                type: 'number',
                min: 1,
                max: maxExtension,
                message: maxExtension === undefined ? '延期天数至少为 1 日' : `延期天数应为 1–${maxExtension} 日`,
              },
            ]}
          >
            <InputNumber min={1} max={maxExtension} precision={0} style={{ width: 160 }} addonAfter="日" />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={req('请填写延期理由')}>
            <Input.TextArea rows={3} maxLength={LIMITS.text.reason} />
          </Form.Item>
        </>
      );
    case 'decide_extension': {
      const asked = item.facts.extension;
      return (
        <>
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            data-testid="extension-asked"
            message={`责任单位${asked?.requestedOn ? `于 ${asked.requestedOn} ` : ''}申请延期 ${asked?.days ?? '—'} 日`}
            description={`申请理由：${asked?.reason ?? '—'}`}
          />
          <Form.Item name="approve" label="审批结果" rules={[{ required: true, message: '请选择' }]}>
            <Radio.Group
              options={[
                { value: 'yes', label: '同意延期' },
                { value: 'no', label: '不同意' },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label="审批意见（内部）">
            <Input.TextArea rows={2} maxLength={LIMITS.text.reason} />
          </Form.Item>
          {approve === 'yes' && (
            <Form.Item
              name="noticeReason"
              label="告知信访人的延期理由"
              extra={`写入延期办理告知书，并在信访人查询页显示。申请理由（内部，仅供参考）：${
                item.facts.extension?.reason ?? '—'
              }`}
              rules={req('请填写告知信访人的延期理由')}
            >
              <Input.TextArea rows={2} maxLength={LIMITS.text.reason} data-testid="notice-reason" />
            </Form.Item>
          )}
        </>
      );
    }
    case 'reply':
      return (
        <>
          <Form.Item name="facts" label="查明事实" rules={req('请填写查明的事实')}>
            <Input.TextArea rows={3} maxLength={LIMITS.text.full} />
          </Form.Item>
          <Form.Item name="basis" label="处理依据" rules={req('请填写处理依据')}>
            <Input.TextArea rows={2} maxLength={LIMITS.text.note} />
          </Form.Item>
          <Typography.Text strong>逐项答复诉求</Typography.Text>
          {item.demands.map((d, i) => (
            <div
              key={d.index}
              style={{ border: '1px solid #eef0f3', borderRadius: 4, padding: '8px 12px', margin: '8px 0' }}
              data-testid={`answer-${i}`}
            >
              <div style={{ marginBottom: 6 }}>
                {i + 1}. {d.text}
              </div>
              <Form.Item
                name={['answers', i, 'outcome']}
                rules={[{ required: true, message: '请选择处理结果' }]}
                style={{ marginBottom: 6 }}
              >
                <Radio.Group options={opts(OPINION_OUTCOMES)} />
              </Form.Item>
              <Form.Item name={['answers', i, 'explanation']} rules={req('请填写说明')} style={{ marginBottom: 0 }}>
                <Input.TextArea rows={2} placeholder="处理说明" maxLength={LIMITS.text.note} />
              </Form.Item>
            </div>
          ))}
        </>
      );
    case 'rate':
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="满意度只能来自信访人本人：请记录这次回访（方式、情况），再选择信访人表达的满意度。"
          />
          <Form.Item name="visitMethod" label="回访方式" rules={[{ required: true, message: '请选择回访方式' }]}>
            <Radio.Group options={opts(RETURN_VISIT_METHODS)} />
          </Form.Item>
          <Form.Item
            name="visitOutcome"
            label="回访情况"
            rules={[{ required: true, whitespace: true, message: '请填写回访情况' }]}
          >
            <Input.TextArea rows={3} maxLength={LIMITS.text.reason} placeholder="联系了谁、信访人怎么说" />
          </Form.Item>
          <Form.Item name="satisfaction" label="信访人表达的满意度" rules={[{ required: true, message: '请选择' }]}>
            <Radio.Group options={opts(SATISFACTION)} />
          </Form.Item>
          <Form.Item name="comment" label="评价意见">
            <Input.TextArea rows={2} maxLength={LIMITS.text.reason} />
          </Form.Item>
        </>
      );
    case 'decide_review':
    case 'decide_rereview':
      return (
        <>
          <Form.Item
            name="outcome"
            label={step === 'decide_review' ? '复查结论' : '复核结论'}
            rules={[{ required: true, message: '请选择' }]}
          >
            <Radio.Group options={opts(REVIEW_OUTCOMES)} />
          </Form.Item>
          <Form.Item name="opinion" label="意见" rules={req('请填写意见')}>
            <Input.TextArea rows={4} maxLength={LIMITS.text.full} />
          </Form.Item>
        </>
      );
    case 'add_hearing':
      return (
        <>
          <Space>
            <Form.Item name="from" label="听证开始" rules={[{ required: true, message: '请选择' }]}>
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
            <Form.Item name="to" label="听证结束" rules={[{ required: true, message: '请选择' }]}>
              <DatePicker format="YYYY-MM-DD" />
            </Form.Item>
          </Space>
          <Form.Item name="reason" label="事由" initialValue="听证">
            <Input maxLength={LIMITS.text.short} />
          </Form.Item>
        </>
      );
    default:
      return SIMPLE.includes(step) ? (
        <Typography.Paragraph>确认办理“{STEP_LABELS[step]}”？</Typography.Paragraph>
      ) : null;
  }
}

/** One modal for every lifecycle step; sends {version, input} and reports conflicts plainly. */
export function StepModal({
  step,
  item,
  onClose,
  onDone,
}: {
  step: Step;
  item: ItemView;
  onClose: () => void;
  onDone: (item: ItemView | null, summary: string) => void;
}) {
  const [form] = Form.useForm();
  const { notification } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);
  const submit = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        client.POST('/api/v1/items/{id}/steps', {
          params: { path: { id: item.id } },
          body: { version: item.version, input: toInput(step, values) },
        }),
      );
      // Stays until read and closed: the registrar should check the text the units now see.
      for (const w of r.warnings)
        notification.warning({ title: '已交转，请核对事项内容', description: w, duration: 0, key: `warn-${item.id}` });
      onDone(r.item, r.summary);
    } catch (e) {
      const conflict = e instanceof ApiError && e.code === 'CONFLICT';
      setError({
        text: conflict ? '该事项刚被他人办理过，页面上的信息已过时。请刷新页面后再办理。' : errorText(e),
        conflict,
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={STEP_LABELS[step]}
      width={step === 'reply' ? 760 : 560}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="c" onClick={onClose}>
          取消
        </Button>,
        <Button key="o" type="primary" loading={busy} onClick={submit} data-testid="step-submit">
          确定
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid={`step-form-${step}`}>
        <Fields step={step} item={item} />
        <ClockStepFields step={step} item={item} />
        {step !== 'add_hearing' && (
          <Form.Item name="on" label="办理日期（不填为今天）">
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
        )}
      </Form>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error.text}
          data-testid="step-error"
          action={
            error.conflict ? (
              <Button size="small" onClick={() => window.location.reload()}>
                刷新
              </Button>
            ) : undefined
          }
        />
      )}
    </Modal>
  );
}

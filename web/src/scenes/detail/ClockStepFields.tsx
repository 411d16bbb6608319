import { Alert, Checkbox, DatePicker, Form, Input, Radio, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { call, client } from '../../api/typed.ts';
import { LEGAL_CHANNEL_ORGANS, LEGAL_CHANNELS, type Step } from '../../../../contract/enums.ts';
import { useUnits } from '../../api/reference.ts';
import type { ItemView } from '../../api/types.ts';

/**
 * Form fields of the steps that record when clocks start and which rule applies: the 转送函 delivery, 协办意见 and
 * waivers, 交办 办结报告, 退回重办 with an internal (non-statutory) date, 导入法律程序, and 复查/复核 organs.
 */
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);
const req = (msg: string) => [{ required: true, whitespace: true, message: msg }];

/** Route fields beyond the kind and units: a 转送函 to an organ outside the system, the 协办意见 date, 导入法律程序. */
export function RouteExtraFields({ kind }: { kind: string | undefined }) {
  const letter = Form.useWatch('letterRoute') as boolean | undefined;
  const assist = Form.useWatch('assistUnitIds') as string[] | undefined;
  const channel = Form.useWatch('legalChannel') as (typeof LEGAL_CHANNELS)[number] | undefined;
  if (kind === '导入法律程序')
    return (
      <>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="诉访分离：依法应通过诉讼、仲裁、行政复议等法定途径解决的，书面告知信访人向有关机关提出"
        />
        <Form.Item name="legalChannel" label="法律途径" rules={[{ required: true, message: '请选择法律途径' }]}>
          <Radio.Group options={LEGAL_CHANNELS.map((c) => ({ value: c, label: c }))} data-testid="legal-channel" />
        </Form.Item>
        <Form.Item
          name="legalOrgan"
          label="受理机关"
          extra={channel ? `不填则为“${LEGAL_CHANNEL_ORGANS[channel]}”` : undefined}
        >
          <Input maxLength={200} placeholder="例如：区人民法院" />
        </Form.Item>
        <Form.Item name="noticeText" label="书面告知信访人的内容" rules={req('请填写书面告知的内容')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="legal-notice" />
        </Form.Item>
      </>
    );
  if (kind !== '转送' && kind !== '交办') return null;
  return (
    <>
      {(assist ?? []).length > 0 && (
        <Form.Item
          name="assistDueOn"
          label="协办意见期限"
          extra="协办单位须在此日期前向主办单位提交协办意见；不填按规则默认（自交转之日起 10 个工作日）"
        >
          <DatePicker format="YYYY-MM-DD" />
        </Form.Item>
      )}
      <Form.Item name="letterRoute" valuePropName="checked" style={{ marginBottom: letter ? 8 : undefined }}>
        <Checkbox data-testid="route-letter">以转送函送系统外机关（期限自送达之日起算）</Checkbox>
      </Form.Item>
      {letter && (
        <Form.Item name="letterNumber" label="转送函文号">
          <Input maxLength={100} />
        </Form.Item>
      )}
    </>
  );
}

/** The route input's extra parts from the form values. */
export function routeExtraInput(v: Record<string, unknown>): Record<string, unknown> {
  if (v.kind === '导入法律程序')
    return {
      legal: {
        channel: v.legalChannel,
        ...(typeof v.legalOrgan === 'string' && v.legalOrgan.trim() ? { organ: v.legalOrgan } : {}),
        noticeText: v.noticeText,
      },
    };
  if (v.kind !== '转送' && v.kind !== '交办') return {};
  return {
    ...(v.assistDueOn ? { assistDueOn: day(v.assistDueOn as Dayjs) } : {}),
    ...(v.letterRoute ? { delivery: 'letter', letter: { number: v.letterNumber ?? '' } } : {}),
  };
}

/** Fields of the new steps (null for the steps StepModal renders itself). */
export function ClockStepFields({ step, item }: { step: Step; item: ItemView }) {
  const units = useUnits();
  const unitName = (id: string) => (units.data ?? []).find((u) => u.id === id)?.name ?? id;
  // The view carries the facts in their current shape (ItemFacts, factsVersion 2).
  const { route, assists } = item.facts;
  const source = Form.useWatch('source') as string | undefined;
  switch (step) {
    case 'record_delivery':
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="登记系统外机关收到转送函的日期：受理告知（15 日）和异议（5 个工作日）期限自该日起算"
          />
          <Form.Item name="letterNumber" label="转送函文号（可补填）">
            <Input maxLength={100} />
          </Form.Item>
        </>
      );
    case 'submit_assist_opinion':
      return (
        <Form.Item name="text" label="协办意见（提交主办单位）" rules={req('请填写协办意见')}>
          <Input.TextArea rows={4} maxLength={8000} data-testid="assist-text" />
        </Form.Item>
      );
    case 'waive_assist_opinion': {
      const pending = assists.filter((a) => !a.opinion && !a.waiver);
      return (
        <>
          <Form.Item name="unitId" label="协办单位" rules={[{ required: true, message: '请选择协办单位' }]}>
            <Select
              options={pending.map((a) => ({ value: a.unitId, label: unitName(a.unitId) }))}
              data-testid="waive-unit"
            />
          </Form.Item>
          <Form.Item name="reason" label="免予提交的理由" rules={req('请填写理由')}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="waive-reason" />
          </Form.Item>
        </>
      );
    }
    case 'conclude':
      return route?.kind === '交办' ? (
        <Form.Item
          name="reportText"
          label="办结报告（报送信访部门审核）"
          rules={req('交办事项须填写书面办结报告')}
          extra="写明办理过程、结果和依据；信访部门审核后办结，或退回重办"
        >
          <Input.TextArea rows={5} maxLength={8000} data-testid="report-text" />
        </Form.Item>
      ) : null;
    case 'send_back':
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message="退回重办不重新计算法定办理期限；可另设内部重办期限（非法定期限）"
          />
          <Form.Item name="internalDueOn" label="内部重办期限（可选）">
            <DatePicker format="YYYY-MM-DD" data-testid="internal-due" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.internalDueOn !== b.internalDueOn}>
            {({ getFieldValue }) =>
              getFieldValue('internalDueOn') ? (
                <Form.Item name="internalReason" label="设定内部期限的理由" rules={req('请填写设定内部期限的理由')}>
                  <Input maxLength={2000} data-testid="internal-reason" />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </>
      );
    case 'request_review':
    case 'request_rereview':
      return (
        <Form.Item
          name="organName"
          label={step === 'request_review' ? '复查机关（可选）' : '复核机关（可选）'}
          extra={
            step === 'request_review'
              ? '原办理机关的上一级机关或本级人民政府'
              : '复查机关的上一级机关，不能是复查机关本身'
          }
        >
          <Input maxLength={200} />
        </Form.Item>
      );
    case 'decide_review':
    case 'decide_rereview':
      return (
        <>
          <Form.Item name="source" label="作出方式" initialValue="system">
            <Radio.Group
              options={[
                { value: 'system', label: '本系统内作出' },
                { value: 'outside', label: '系统外机关作出（登记收到的意见书）' },
              ]}
            />
          </Form.Item>
          {source === 'outside' && (
            <>
              <Form.Item name="organName" label="作出机关" rules={req('请填写作出决定的机关')}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="documentNumber" label="意见书文号" rules={req('请填写意见书文号')}>
                <Input maxLength={100} />
              </Form.Item>
              <DecisionDocumentField itemId={item.id} />
            </>
          )}
        </>
      );
    default:
      return null;
  }
}

/** The received 意见书 among the item's materials (upload it in 材料与文书 first). */
function DecisionDocumentField({ itemId }: { itemId: string }) {
  const list = useQuery({
    queryKey: ['attachments', itemId],
    queryFn: async () =>
      (await call(client.GET('/api/v1/items/{id}/attachments', { params: { path: { id: itemId } } }))).attachments,
  });
  return (
    <Form.Item
      name="attachmentId"
      label="收到的意见书（材料）"
      rules={[{ required: true, message: '请选择收到的意见书；如未上传，请先在“材料与文书”中上传' }]}
    >
      <Select
        loading={list.isPending}
        options={(list.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
        notFoundContent="尚无材料：请先在“材料与文书”中上传意见书"
      />
    </Form.Item>
  );
}

/** The input parts of the new fields, merged into StepModal's input. */
export function clockStepInput(step: Step, v: Record<string, unknown>): Record<string, unknown> {
  const organ =
    typeof v.organName === 'string' && v.organName.trim() ? { unitId: null, name: v.organName.trim() } : null;
  switch (step) {
    case 'record_delivery':
      return v.letterNumber ? { letterNumber: v.letterNumber } : {};
    case 'submit_assist_opinion':
      return { text: v.text };
    case 'waive_assist_opinion':
      return { unitId: v.unitId, reason: v.reason };
    case 'conclude':
      return v.reportText ? { report: { text: v.reportText } } : {};
    case 'send_back':
      return v.internalDueOn ? { internalDueOn: day(v.internalDueOn as Dayjs), internalReason: v.internalReason } : {};
    case 'request_review':
    case 'request_rereview':
      return organ ? { organ } : {};
    case 'decide_review':
    case 'decide_rereview':
      return v.source === 'outside'
        ? { source: 'outside', organ, document: { number: v.documentNumber, attachmentId: v.attachmentId } }
        : {};
    default:
      return {};
  }
}

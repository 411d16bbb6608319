import { useState } from 'react';
import { Alert, App, Button, Form, InputNumber, Modal, Progress, Space } from 'antd';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { type Body, call, client, type Dto } from '../../api/typed.ts';
import { fmtDateTime, fmtNum } from '../../format.ts';

/** What the rule editor changes of a deadline rule (its name and basis stay as the law gives them). */
export type EditableRule = Pick<
  Dto<'DeadlineRule'>,
  'code' | 'name' | 'length' | 'unit' | 'rollForward' | 'maxExtensionDays'
>;
type Thresholds = Dto<'WarningThresholds'>;

/**
 * The rules as the server stores them: the whole set is sent every time (the stored overrides replace the
 * previous ones), so editing one rule keeps every other rule as it stands.
 */
function allRules(rules: EditableRule[], change?: EditableRule) {
  return Object.fromEntries(
    rules.map((r) => {
      const x = change && change.code === r.code ? change : r;
      return [
        x.code,
        { length: x.length, unit: x.unit, rollForward: x.rollForward, maxExtensionDays: x.maxExtensionDays },
      ];
    }),
  );
}

type RulesEdit = Body<'/api/v1/rules', 'put'>;

const RECOMPUTE_KEY = ['rules-recompute'] as const;

/** Saves an edit; the recompute of open items it started is followed by `RecomputeProgress`. */
async function putRules(qc: QueryClient, body: RulesEdit) {
  const d = await call(client.PUT('/api/v1/rules', { body }));
  qc.setQueryData(RECOMPUTE_KEY, { run: d.run });
  await qc.invalidateQueries({ queryKey: ['rules'] });
}

/**
 * The recompute of open items' stored deadlines after the latest rules edit: a progress bar polled while it runs
 * (it goes on in the background, also after a restart), then what it changed.
 */
export function RecomputeProgress() {
  const q = useQuery({
    queryKey: RECOMPUTE_KEY,
    queryFn: () => call(client.GET('/api/v1/rules/recompute')),
    refetchInterval: (query) => (query.state.data?.run?.status === 'running' ? 1000 : false),
    staleTime: 0,
  });
  if (q.isError) return <Alert type="error" showIcon message={`期限重算进度读取失败：${errorText(q.error)}`} />;
  const run = q.data?.run;
  if (!run) return null;
  const pct = run.total ? Math.min(100, Math.floor((run.done / run.total) * 100)) : 100;
  const who = `${run.startedBy} 于 ${fmtDateTime(run.startedAt)} 修改`;
  if (run.status === 'running')
    return (
      <Alert
        type="info"
        showIcon
        data-testid="recompute-progress"
        message={`正在按新规则重算未办结事项的期限（${who}）：${fmtNum(run.done)} / ${fmtNum(run.total)} 件`}
        description={<Progress percent={pct} size="small" />}
      />
    );
  if (run.status === 'failed')
    return (
      <Alert
        type="error"
        showIcon
        data-testid="recompute-progress"
        message={`期限重算未完成（${who}）：${run.error ?? '未知错误'}；已完成 ${fmtNum(run.done)} 件`}
      />
    );
  return (
    <Alert
      type="success"
      showIcon
      data-testid="recompute-progress"
      message={`期限重算已完成（${who}）：检查 ${fmtNum(run.result?.items ?? run.done)} 件未办结事项，\
${fmtNum(run.result?.changed ?? 0)} 件期限或预警日期已调整，并记入各事项办理过程`}
    />
  );
}

/** 编辑 one deadline rule: its length and the longest extension. */
export function RuleEditButton({ rule, rules }: { rule: EditableRule; rules: EditableRule[] }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ length: number; maxExtensionDays: number }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await putRules(qc, { rules: allRules(rules, { ...rule, ...v }) });
      message.success(`已修改「${rule.name}」，正在重算未办结事项的期限`);
      setOpen(false);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <Button
        size="small"
        type="link"
        data-testid={`rule-edit-${rule.code}`}
        onClick={() => {
          form.setFieldsValue({ length: rule.length, maxExtensionDays: rule.maxExtensionDays });
          setError(null);
          setOpen(true);
        }}
      >
        编辑
      </Button>
      <Modal title={`修改期限：${rule.name}`} open={open} onOk={save} onCancel={() => setOpen(false)} okText="保存">
        <Form form={form} layout="vertical">
          <Form.Item
            name="length"
            label={`期限长度（${rule.unit === 'calendar' ? '日' : '个工作日'}）`}
            rules={[{ required: true, message: '请填写期限长度' }]}
          >
            <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} data-testid="rule-length" />
          </Form.Item>
          <Form.Item name="maxExtensionDays" label="最长延期（日，0 为不可延期）" rules={[{ required: true }]}>
            <InputNumber min={0} max={365} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Alert type="info" showIcon message="保存后，未办结事项的期限在后台按新规则重算，进度显示在本页。" />
          {error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={error} data-testid="rule-error" />}
        </Form>
      </Modal>
    </>
  );
}

/** 修改预警阈值: the share of a period used at which 预警 / 警告 / 严重警告 begin, entered in percent. */
export function ThresholdsEditButton({ thresholds }: { thresholds: Thresholds }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Thresholds>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = async () => {
    const v = await form.validateFields();
    try {
      await putRules(qc, {
        thresholds: { notice: v.notice / 100, warning: v.warning / 100, severe: v.severe / 100 },
      });
      message.success('已修改预警阈值，正在重算未办结事项的预警日期');
      setOpen(false);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const field = (name: keyof Thresholds, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}>
      <InputNumber min={1} max={100} precision={0} addonAfter="%" style={{ width: 140 }} data-testid={`th-${name}`} />
    </Form.Item>
  );
  return (
    <>
      <Button
        data-testid="thresholds-edit"
        onClick={() => {
          form.setFieldsValue({
            notice: Math.round(thresholds.notice * 100),
            warning: Math.round(thresholds.warning * 100),
            severe: Math.round(thresholds.severe * 100),
          });
          setError(null);
          setOpen(true);
        }}
      >
        修改预警阈值
      </Button>
      <Modal title="修改预警阈值" open={open} onOk={save} onCancel={() => setOpen(false)} okText="保存">
        <Form form={form} layout="vertical">
          <Space size="large">
            {field('notice', '预警')}
            {field('warning', '警告')}
            {field('severe', '严重警告')}
          </Space>
          <Alert type="info" showIcon message="按已用时间占期限的比例，须满足：预警 ≤ 警告 ≤ 严重警告。" />
          {error && (
            <Alert type="error" showIcon style={{ marginTop: 8 }} message={error} data-testid="thresholds-error" />
          )}
        </Form>
      </Modal>
    </>
  );
}

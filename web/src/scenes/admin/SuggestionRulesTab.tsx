import { useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

type Rules = Dto<'SuggestionRules'>;

const KEY = ['supervision-suggestion-rules'] as const;
/** The highest count the server accepts (server/domain/supervision-suggest.ts). */
const MAX = 20;

/**
 * 督办建议: which open items the bureau is told to consider supervising. The administrator switches each reason
 * on or off and sets the counts; the suggestions follow from the next list on. Nothing here issues a 督办.
 */
export function SuggestionRulesTab() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Rules>();
  const [error, setError] = useState<string | null>(null);
  const q = useQuery({ queryKey: KEY, queryFn: () => call(client.GET('/api/v1/supervisions/suggestion-rules')) });
  const save = useMutation({
    mutationFn: (body: Rules) => call(client.PUT('/api/v1/supervisions/suggestion-rules', { body })),
    onMutate: () => setError(null),
    onSuccess: (data) => {
      qc.setQueryData(KEY, data);
      form.setFieldsValue(data.rules);
      message.success('督办建议阈值已保存');
    },
    onError: (e) => setError(errorText(e)),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data.defaults;
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v) save.mutate({ ...q.data.rules, ...v });
  };
  return (
    <Card size="small" title="督办建议阈值" data-testid="suggestion-rules">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        督办建议只提示信访部门哪些在办事项值得督办，由人决定是否下发；已在督办中的事项不再提示。次数阈值填 0
        表示不按此项提示。
      </Typography.Paragraph>
      <Form<Rules>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '180px' }}
        initialValues={q.data.rules}
        disabled={save.isPending}
        style={{ maxWidth: 720 }}
      >
        <Form.Item name="overdue" label="超期事项" valuePropName="checked" extra="责任单位当前期限已超期">
          <Switch data-testid="rule-overdue" />
        </Form.Item>
        <Form.Item name="severe" label="严重警告事项" valuePropName="checked" extra="当前期限已达严重警告，即将超期">
          <Switch data-testid="rule-severe" />
        </Form.Item>
        <Form.Item name="dissatisfied" label="不满意事项" valuePropName="checked" extra="信访人评价为不满意">
          <Switch data-testid="rule-dissatisfied" />
        </Form.Item>
        <Form.Item
          name="repeatAtLeast"
          label="重复信访达到（次）"
          extra={`同一事项信访次数（含本次）达到此数即提示；0 或 2–${MAX}，默认 ${d.repeatAtLeast}`}
          rules={[
            { required: true, message: '请填写次数' },
            {
              validator: (_, v: number | null) =>
                v === 0 || (typeof v === 'number' && v >= 2 && v <= MAX)
                  ? Promise.resolve()
                  : Promise.reject(new Error(`须为 0 或 2–${MAX} 之间的整数（1 会提示每一件事项）`)),
            },
          ]}
        >
          <InputNumber min={0} max={MAX} precision={0} data-testid="rule-repeat" />
        </Form.Item>
        <Form.Item
          name="sentBackAtLeast"
          label="退回重办达到（次）"
          extra={`退回重办次数达到此数即提示；0 或 1–${MAX}，默认 ${d.sentBackAtLeast}`}
          rules={[{ required: true, message: '请填写次数' }]}
        >
          <InputNumber min={0} max={MAX} precision={0} data-testid="rule-sent-back" />
        </Form.Item>
      </Form>
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 12 }}
          data-testid="suggestion-rules-error"
        />
      )}
      <Space>
        <Button type="primary" loading={save.isPending} onClick={submit} data-testid="suggestion-rules-save">
          保存
        </Button>
        <Button disabled={save.isPending} onClick={() => form.setFieldsValue(d)}>
          恢复默认值
        </Button>
      </Space>
    </Card>
  );
}

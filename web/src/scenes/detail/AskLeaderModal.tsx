import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';

/**
 * 请示: the bureau, or the unit leading the item, asks a district leader a question about it. The leader is picked
 * from the directory (name and title only); the 批示 that answers it then appears on the item's timeline.
 */
export function AskLeaderModal({
  itemId,
  onClose,
  onDone,
}: {
  itemId: string;
  onClose: () => void;
  onDone: (leaderName: string) => void;
}) {
  const [form] = Form.useForm<{ leaderUserId: string; question: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const leaders = useQuery({
    queryKey: ['leader-directory'],
    queryFn: async () => (await call(client.GET('/api/v1/leader-requests/leaders'))).leaders,
  });
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await call(
        client.POST('/api/v1/leader-requests', {
          body: { subject: { kind: 'item', itemId }, leaderUserId: v.leaderUserId, question: v.question },
        }),
      );
      onDone((leaders.data ?? []).find((l) => l.id === v.leaderUserId)?.name ?? '');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="向领导请示"
      okText="报送请示"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'ask-leader-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {leaders.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`领导名单加载失败：${errorText(leaders.error)}`}
        />
      )}
      {error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} data-testid="ask-leader-error" />
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="leaderUserId" label="报送领导" rules={[{ required: true, message: '请选择报送的领导' }]}>
          <Select
            data-testid="ask-leader-select"
            loading={leaders.isPending}
            placeholder="选择区领导"
            notFoundContent={leaders.isPending ? '加载中…' : '暂无可报送的领导'}
            options={(leaders.data ?? []).map((l) => ({ value: l.id, label: `${l.name}（${l.title}）` }))}
          />
        </Form.Item>
        <Form.Item
          name="question"
          label="请示事项"
          rules={[{ required: true, whitespace: true, message: '请填写需要领导研究解决的问题' }]}
        >
          <Input.TextArea
            rows={4}
            maxLength={4000}
            showCount
            data-testid="ask-leader-question"
            placeholder="说明事项的难点、已做的工作和需要领导协调解决的问题"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

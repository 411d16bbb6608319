import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { type Body, call, client } from '../../api/typed.ts';

/** The pasted notice: its shape is the server's to check (the reply names what is wrong, in Chinese). */
type Notice = Body<'/api/v1/calendar/notice', 'post'>['notice'];

const EXAMPLE = `{
  "years": {
    "2027": {
      "notice": "国务院办公厅 2026-11-xx",
      "holidays": [
        { "name": "元旦", "from": "2027-01-01", "to": "2027-01-03", "days": ["2027-01-01", "2027-01-02", "2027-01-03"] }
      ],
      "makeUpWorkdays": ["2027-02-20"]
    }
  }
}`;

/**
 * The calendar's coverage: which years hold the official holiday notice, the reminder from 1 October of the year
 * before a missing one, and entering a year's notice in one step (the calendar JSON shape, pasted or from a file).
 */
export function CalendarNotice() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cov = useQuery({
    queryKey: ['calendar-coverage'],
    queryFn: () => call(client.GET('/api/v1/calendar/coverage')),
  });
  const submit = async () => {
    setErr(null);
    let notice: Notice;
    try {
      notice = JSON.parse(text) as Notice;
    } catch {
      setErr('内容不是有效的 JSON：请粘贴日历数据文件的全部内容');
      return;
    }
    setBusy(true);
    try {
      const r = await call(client.POST('/api/v1/calendar/notice', { body: { notice } }));
      message.success(`已录入 ${r.year} 年节假日安排（${r.added} 天），${r.moved.length} 件在办事项期限已重算`);
      setOpen(false);
      setText('');
      qc.invalidateQueries({ queryKey: ['calendar'] });
      qc.invalidateQueries({ queryKey: ['calendar-coverage'] });
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ marginBottom: 12 }} data-testid="calendar-coverage">
      {cov.isError && <Alert type="error" showIcon message={`无法读取工作日历状态：${errorText(cov.error)}`} />}
      {(cov.data?.warnings ?? []).map((w) => (
        <Alert
          key={w.year}
          type={w.severity === 'missing' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 8 }}
          message={w.message}
          data-testid={`calendar-warning-${w.year}`}
        />
      ))}
      <Space>
        <Typography.Text type="secondary">
          已录入官方节假日安排的年度：{cov.isPending ? '读取中…' : (cov.data?.officialYears ?? []).join('、') || '无'}
        </Typography.Text>
        <Button size="small" onClick={() => setOpen(true)} data-testid="calendar-notice-open">
          录入年度节假日通知
        </Button>
      </Space>
      <Modal
        title="录入国务院办公厅节假日安排通知"
        open={open}
        okText="录入并重算期限"
        cancelText="取消"
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setOpen(false)}
        width={640}
      >
        <Typography.Paragraph type="secondary">
          一次录入一个年度：粘贴日历数据文件（与系统自带日历相同的 JSON
          格式），或选择文件。录入后该年度以通知为准，在办事项期限自动重算，并在办理过程中记录。
        </Typography.Paragraph>
        <input
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) setText(await f.text());
          }}
          style={{ marginBottom: 8 }}
        />
        <Input.TextArea
          rows={10}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={EXAMPLE}
          data-testid="calendar-notice-text"
        />
        {err && <Alert type="error" showIcon style={{ marginTop: 8 }} message={err} />}
      </Modal>
    </div>
  );
}

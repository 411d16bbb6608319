import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useServerToday } from '../../api/reference.ts';
import { CalendarNotice } from './CalendarNotice.tsx';

type DayEntry = Dto<'CalendarEntry'>;

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];
const pad = (n: number) => String(n).padStart(2, '0');

function Month({
  year,
  month,
  byDate,
  onPick,
}: {
  year: number;
  month: number;
  byDate: Map<string, DayEntry>;
  onPick: (d: string) => void;
}) {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  return (
    <div style={{ border: '1px solid #eef0f3', borderRadius: 4, padding: 6 }}>
      <div style={{ textAlign: 'center', fontWeight: 600, marginBottom: 4 }}>{month} 月</div>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, fontSize: 12, textAlign: 'center' }}
      >
        {WEEK.map((w) => (
          <div key={w} style={{ color: '#999' }}>
            {w}
          </div>
        ))}
        {cells.map((d, i) => {
          if (d === null) return <div key={`b${i}`} />;
          const date = `${year}-${pad(month)}-${pad(d)}`;
          const e = byDate.get(date);
          const weekend = i % 7 >= 5;
          const bg = e?.kind === 'holiday' ? '#fff1f0' : e?.kind === 'makeup' ? '#e6f4ff' : undefined;
          const color =
            e?.kind === 'holiday' ? '#cf1322' : e?.kind === 'makeup' ? '#0958d9' : weekend ? '#999' : '#333';
          return (
            <button
              key={date}
              type="button"
              title={e ? `${date} ${e.kind === 'holiday' ? '节假日' : '调休上班'} ${e.name}` : date}
              onClick={() => onPick(date)}
              style={{
                border: 'none',
                background: bg ?? 'transparent',
                color,
                cursor: 'pointer',
                padding: '2px 0',
                borderRadius: 3,
                fontWeight: e ? 600 : 400,
              }}
            >
              {d}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** Work calendar year view: holidays (red) and make-up working days (blue); click a day to change it. */
export function CalendarTab() {
  const today = useServerToday();
  const thisYear = today.data ? Number(today.data.slice(0, 4)) : new Date().getFullYear();
  const [chosen, setYear] = useState<number | null>(null);
  const year = chosen ?? thisYear;
  const [picked, setPicked] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [form] = Form.useForm();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const cal = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => call(client.GET('/api/v1/calendar', { params: { query: { year } } })),
  });
  const byDate = new Map((cal.data?.days ?? []).map((d) => [d.date, d]));
  const pick = (date: string) => {
    const e = byDate.get(date);
    setErr(null);
    form.setFieldsValue({ kind: e?.kind ?? 'normal', name: e?.name ?? '', reason: '' });
    setPicked(date);
  };
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !picked) return;
    try {
      const r = await call(
        client.PUT('/api/v1/calendar/day', {
          body: { date: picked, kind: v.kind, name: v.name ?? '', reason: v.reason ?? '' },
        }),
      );
      message.success(`已调整 ${picked}${r.moved.length ? `，${r.moved.length} 件在办事项期限已重算` : ''}`);
      setPicked(null);
      qc.invalidateQueries({ queryKey: ['calendar'] });
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <>
      <CalendarNotice />
      <Space style={{ marginBottom: 12 }}>
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          options={Array.from({ length: 6 }, (_, i) => thisYear - 3 + i).map((y) => ({ value: y, label: `${y} 年` }))}
        />
        <Tag color="red">节假日</Tag>
        <Tag color="blue">调休上班</Tag>
        <Typography.Text type="secondary">灰色为周末；点击日期可调整</Typography.Text>
      </Space>
      {cal.isPending ? (
        <Loading />
      ) : cal.isError ? (
        <ErrorState error={cal.error} onRetry={() => cal.refetch()} />
      ) : (
        <>
          {cal.data.days.length === 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={`${year} 年尚未录入节假日安排：落在该年的期限按周一至周五为工作日暂算，标记为“暂定”`}
            />
          )}
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 8 }} data-testid="calendar-year">
            {Array.from({ length: 12 }, (_, i) => (
              <Month key={i} year={year} month={i + 1} byDate={byDate} onPick={pick} />
            ))}
          </div>
        </>
      )}
      <Modal
        title={`调整 ${picked ?? ''}`}
        open={picked !== null}
        okText="保存"
        cancelText="取消"
        onOk={save}
        onCancel={() => setPicked(null)}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="kind" label="类型">
            <Radio.Group
              options={[
                { value: 'normal', label: '普通日' },
                { value: 'holiday', label: '节假日' },
                { value: 'makeup', label: '调休上班' },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label="名称">
            <Input maxLength={50} placeholder="例如：国庆节" />
          </Form.Item>
          <Form.Item name="reason" label="调整原因">
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary">
          保存后，在办事项的期限将按新日历重算，并在办理过程中记录。
        </Typography.Paragraph>
        {err && <Alert type="error" showIcon message={err} />}
      </Modal>
    </>
  );
}

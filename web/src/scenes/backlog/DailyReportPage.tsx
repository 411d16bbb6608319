import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { qs } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { useServerToday } from '../../api/reference.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

const nonzero = (xs: Dto<'KeyCount'>[]) =>
  xs
    .filter((x) => x.count > 0)
    .map((x) => `${x.key} ${x.count} 件`)
    .join('，') || '—';

/** 信访情况日报: any day's report (the stored one of a 重大节点 day), or its explicit 零报告; Word download. */
export default function DailyReportPage() {
  const today = useServerToday();
  const [picked, setDate] = useState<string | null>(null);
  // A notice of a produced report links here with its day (?date=YYYY-MM-DD).
  const linked = useSearchParams()[0].get('date');
  // Otherwise the server's today (Beijing time), not the browser's clock.
  const date = picked ?? (linked && /^\d{4}-\d{2}-\d{2}$/.test(linked) ? linked : null) ?? today.data ?? null;
  const q = useQuery({
    queryKey: ['daily-report', date],
    // Enabled only once the date is known.
    queryFn: () => call(client.GET('/api/v1/reports/daily', { params: { query: { date: date! } } })),
    enabled: date !== null,
  });
  if (today.isError) return <ErrorState error={today.error} onRetry={() => today.refetch()} />;
  if (!date) return <Loading />;
  return (
    <div data-testid="daily-report">
      <Typography.Title level={4}>信访情况日报</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker
          value={dayjs(date)}
          allowClear={false}
          disabledDate={(d) => d.isAfter(dayjs(today.data), 'day')}
          onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
        />
        <Button href={`/api/v1/reports/daily${qs({ date, format: 'docx' })}`}>下载 Word</Button>
        <Button href={`/api/v1/reports/daily${qs({ date, format: 'xlsx' })}`}>下载 Excel</Button>
      </Space>
      {q.isPending && <Loading />}
      {q.isError && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <Card
          size="small"
          title={
            <Space>
              {q.data.details.period ? `${q.data.details.period.name}期间` : '日常'}
              {q.data.zeroReport ? <Tag color="green">零报告</Tag> : <Tag color="blue">新登记 {q.data.total} 件</Tag>}
              {q.data.producedAt && <Tag>已于 {dayjs(q.data.producedAt).format('M月D日 HH:mm')} 生成</Tag>}
            </Space>
          }
        >
          <Alert type={q.data.zeroReport ? 'success' : 'info'} message={q.data.text} style={{ marginBottom: 12 }} />
          {!q.data.zeroReport && (
            <>
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label="信访层级">{nonzero(q.data.byLevel)}</Descriptions.Item>
                <Descriptions.Item label="信访渠道">{nonzero(q.data.byChannel)}</Descriptions.Item>
                <Descriptions.Item label="集体访">
                  {q.data.collective.batches} 批 {q.data.collective.people} 人次
                </Descriptions.Item>
                <Descriptions.Item label="越级访">
                  {q.data.details.skipLevel.batches} 批 {q.data.details.skipLevel.people} 人次
                </Descriptions.Item>
              </Descriptions>
              <Table
                size="small"
                rowKey="number"
                style={{ marginTop: 12 }}
                pagination={false}
                dataSource={q.data.items}
                columns={[
                  { title: '事项编号', dataIndex: 'number', width: 200 },
                  { title: '标题', dataIndex: 'title' },
                ]}
              />
            </>
          )}
        </Card>
      )}
    </div>
  );
}

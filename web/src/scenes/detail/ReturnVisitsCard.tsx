import { Card, Empty, Table, Tag } from 'antd';
import type { ItemView } from '../../api/types.ts';
import { fmtDate } from '../../format.ts';

const METHOD_TEXT: Record<string, string> = { 电话: '电话回访', 走访: '上门回访', 短信: '短信回访' };
const SATISFACTION_COLOR: Record<string, string> = { 满意: 'green', 基本满意: 'blue', 不满意: 'orange' };

/**
 * 回访与评价: every 回访 (who, when, how, the outcome, the satisfaction the petitioner stated) and the rating with
 * its source. Shown once the opinion is served; the server leaves the list empty for a viewer without the identity.
 */
export function ReturnVisitsCard({ item }: { item: ItemView }) {
  const visits = item.facts.returnVisits ?? [];
  const rating = item.facts.rating;
  if (!item.facts.servedOn && !visits.length && !rating) return null;
  return (
    <Card size="small" title="回访与满意度" style={{ marginBottom: 12 }} data-testid="return-visits">
      <div style={{ marginBottom: 8 }} data-testid="rating-line">
        {rating ? (
          <>
            满意度：
            <Tag color={SATISFACTION_COLOR[rating.satisfaction] ?? 'default'}>{rating.satisfaction}</Tag>
            <span data-testid="rating-source">来源：{item.ratingSource}</span>，{fmtDate(rating.on)}
            {rating.comment ? `；${rating.comment}` : ''}
          </>
        ) : (
          '尚无信访人评价'
        )}
      </div>
      {visits.length ? (
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={visits}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '回访日期', render: (_, r) => fmtDate(r.on), width: 110 },
            { title: '方式', render: (_, r) => METHOD_TEXT[r.method] ?? r.method, width: 80 },
            { title: '回访人', render: (_, r) => r.by?.name ?? '', width: 90 },
            { title: '回访情况', dataIndex: 'outcome' },
            { title: '信访人表达的满意度', dataIndex: 'satisfaction', width: 140 },
          ]}
          data-testid="return-visit-list"
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无回访记录" />
      )}
    </Card>
  );
}

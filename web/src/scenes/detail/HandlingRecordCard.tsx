import { Card, Descriptions, Tag, Typography } from 'antd';
import type { HandlingRecordView } from '../../api/types.ts';
import { fmtDate } from '../../format.ts';

const ASSIST_TAG = {
  owed: { color: 'gold', text: '待提交' },
  given: { color: 'green', text: '已提交' },
  waived: { color: 'default', text: '已免予提交' },
} as const;

const pre = { whiteSpace: 'pre-wrap' } as const;

/** 办理记录: who signed for the item and when, each 协办意见, the legal channel and the 交办 办结报告. */
export function HandlingRecordCard({ record }: { record: HandlingRecordView | undefined }) {
  if (!record) return null;
  const { receipt, assists, legal, report } = record;
  if (!receipt && !assists.length && !legal && !report) return null;
  return (
    <Card size="small" title="办理记录" style={{ marginBottom: 12 }} data-testid="handling-record">
      <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap', width: 96 } }}>
        {receipt && (
          <Descriptions.Item label="签收">
            <span data-testid="record-receipt">
              {receipt.signedOn
                ? `${fmtDate(receipt.signedOn)} ${receipt.signedBy ?? ''}${receipt.implied ? '（办理即视为签收）' : ''}`
                : '尚未签收'}
              {receipt.late && (
                <Tag color="red" style={{ marginLeft: 6 }} data-testid="receipt-late">
                  逾期签收{receipt.daysLate > 0 ? ` ${receipt.daysLate} 日` : ''}
                </Tag>
              )}
            </span>
            <div style={{ fontSize: 12, color: '#666' }}>
              {fmtDate(receipt.deliveredOn)} 交转送达，签收期限截至 {fmtDate(receipt.due)}
            </div>
          </Descriptions.Item>
        )}
        {assists.map((a) => (
          <Descriptions.Item key={a.unitId} label={`协办：${a.unitName}`}>
            <div data-testid={`record-assist-${a.unitId}`}>
              <Tag color={ASSIST_TAG[a.state].color}>{ASSIST_TAG[a.state].text}</Tag>
              {a.late && (
                <Tag color="red" data-testid={`assist-late-${a.unitId}`}>
                  {a.state === 'owed' ? '已逾期' : '逾期提交'}
                </Tag>
              )}
              {a.state === 'owed' && a.due && <span>应于 {fmtDate(a.due)} 前向主办单位提出</span>}
              {a.state !== 'owed' && (
                <span>
                  {fmtDate(a.on)} {a.by ?? ''}
                </span>
              )}
              {a.text && (
                <div style={pre}>
                  <Typography.Text type="secondary">
                    {a.state === 'waived' ? '免予提交理由：' : '协办意见：'}
                  </Typography.Text>
                  {a.text}
                </div>
              )}
            </div>
          </Descriptions.Item>
        ))}
        {legal && (
          <Descriptions.Item label="导入法律程序">
            <div data-testid="record-legal">
              <Tag color="purple">{legal.channel}</Tag>
              {legal.organ}　{fmtDate(legal.on)} {legal.by ?? ''}
              <div style={{ fontSize: 12, color: '#666' }}>{fmtDate(legal.noticeOn)} 书面告知信访人：</div>
              <div style={pre}>{legal.noticeText}</div>
            </div>
          </Descriptions.Item>
        )}
        {report && (
          <Descriptions.Item label="办结报告">
            <div data-testid="record-report">
              <div style={{ fontSize: 12, color: '#666' }}>
                {fmtDate(report.submittedOn)} {report.by ?? ''} 报送
                {report.attachments > 0 ? `（附件 ${report.attachments} 份）` : ''}
              </div>
              <div style={pre}>{report.text}</div>
              {report.reviews.map((r, i) => (
                <div key={i} style={{ marginTop: 4 }}>
                  <Tag color={r.outcome === 'approved' ? 'green' : 'orange'}>
                    {r.outcome === 'approved' ? '审核通过' : '退回'}
                  </Tag>
                  {fmtDate(r.on)} {r.by ?? ''}
                  {r.note ? `：${r.note}` : ''}
                </div>
              ))}
            </div>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

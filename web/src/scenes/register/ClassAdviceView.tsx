import { Alert, Button, Progress, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { ClassAdvice, SuggestClass, SuggestUnit } from '../../api/types.ts';
import { fmtPct } from '../../format.ts';

const STATUS_TAG: Record<ClassAdvice['status'], { color: string; text: string }> = {
  confident: { color: 'green', text: '建议' },
  uncertain: { color: 'orange', text: '不确定' },
  out_of_scope: { color: 'red', text: '超出所学范围' },
  empty: { color: 'default', text: '无内容' },
};

const small = { color: '#888', fontSize: 12 } as const;

/**
 * The content-class advice: how sure it is (建议 / 不确定 / 超出所学范围), the top three with their evidence,
 * the words that weighed most and the confirmed items behind it. A class is adopted only by a click.
 */
export function ClassAdviceView({
  advice,
  classes,
  classCode,
  onAdoptClass,
}: {
  advice: ClassAdvice | undefined;
  classes: SuggestClass[];
  classCode: string | undefined;
  onAdoptClass: (code: string) => void;
}) {
  if (!advice || advice.status === 'empty' || classes.length === 0)
    return <Typography.Text style={small}>{advice?.message ?? '暂无分类建议'}</Typography.Text>;
  const tag = STATUS_TAG[advice.status];
  return (
    <div data-testid="class-advice" data-status={advice.status}>
      {advice.status === 'confident' ? (
        <div style={{ marginBottom: 6, fontSize: 12 }}>
          <Tag color={tag.color}>{tag.text}</Tag>
          {advice.message}
        </div>
      ) : (
        <Alert
          type={advice.status === 'out_of_scope' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 8, padding: '6px 10px' }}
          message={tag.text}
          description={<span style={{ fontSize: 12 }}>{advice.message}</span>}
          data-testid="class-doubt"
        />
      )}
      {classes.map((c, i) => {
        const adopted = Boolean(c.code) && c.code === classCode;
        return (
          <div
            key={c.label}
            style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4 }}
            data-testid={`suggest-class-${i}`}
          >
            <div style={{ flex: 1, minWidth: 0 }}>
              <div
                style={{ fontSize: 13, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                title={c.label}
              >
                {c.label}
              </div>
              <Progress
                percent={Math.round(c.p * 100)}
                size="small"
                showInfo
                format={(n) => `${n}%`}
                strokeColor={i === 0 && advice.status === 'confident' ? '#1d4ed8' : '#8aa4e8'}
              />
              {c.reasons.length > 0 && <div style={small}>{c.reasons.join('；')}</div>}
            </div>
            {adopted ? (
              <Tag color="green" icon={<CheckOutlined />} style={{ marginInlineEnd: 0 }}>
                已采用
              </Tag>
            ) : (
              <Tooltip title={c.code ? '将此分类填入“内容分类”' : '分类表中没有对应的分类，请手工选择'}>
                <Button
                  size="small"
                  disabled={!c.code}
                  onClick={() => c.code && onAdoptClass(c.code)}
                  data-testid={`adopt-class-${i}`}
                >
                  采用
                </Button>
              </Tooltip>
            )}
          </div>
        );
      })}
      <div style={{ ...small, marginTop: 6 }} data-testid="class-why">
        {advice.terms.length > 0 && (
          <div>
            依据词语：
            {advice.terms.map((t) => (
              <Tag key={t.term} style={{ fontSize: 12, marginInlineEnd: 4 }}>
                {t.term}
              </Tag>
            ))}
          </div>
        )}
        {advice.neighbours.length > 0 && (
          <div style={{ marginTop: 4 }}>
            本单位已确认的相似事项：
            {advice.neighbours.slice(0, 3).map((n) => (
              <div key={n.itemId} style={{ wordBreak: 'break-all' }}>
                <a href={`/items/${encodeURIComponent(n.itemId)}`} target="_blank" rel="noopener noreferrer">
                  {n.number}
                </a>{' '}
                {n.title}（{n.classPath}，相似度 {fmtPct(n.similarity)}）
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

/** Lead-unit advice: up to three units, each with the counts it rests on. */
export function UnitAdviceView({ units, classKnown }: { units: SuggestUnit[]; classKnown: boolean }) {
  if (units.length === 0)
    return (
      <Typography.Text style={small}>
        {classKnown ? '暂无可参考的交转记录' : '内容分类确定后（采用或手工选择），给出责任单位建议'}
      </Typography.Text>
    );
  return (
    <>
      {units.slice(0, 3).map((u, i) => (
        <div key={u.unitId} style={{ fontSize: 13, marginBottom: 6 }} data-testid={`suggest-unit-${i}`}>
          <Typography.Text strong>{u.unitName}</Typography.Text>
          <span style={{ ...small, marginLeft: 6 }}>{fmtPct(u.score)}</span>
          <div style={small}>{u.reason}</div>
          {u.details.map((d) => (
            <div key={d} style={small}>
              {d}
            </div>
          ))}
          {(u.similar ?? []).length > 0 && (
            <div style={small} data-testid={`unit-similar-${i}`}>
              该单位办理过的相似事项：
              {(u.similar ?? []).map((n) => (
                <div key={n.itemId} style={{ wordBreak: 'break-all' }}>
                  <a href={`/items/${encodeURIComponent(n.itemId)}`} target="_blank" rel="noopener noreferrer">
                    {n.number}
                  </a>{' '}
                  {n.title}（相似度 {fmtPct(n.similarity)}）
                </div>
              ))}
            </div>
          )}
        </div>
      ))}
    </>
  );
}

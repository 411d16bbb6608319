import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Divider, Empty, Space, Spin, Tag, Typography } from 'antd';
import { BulbOutlined, CheckOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { STATUS_LABELS, type Status } from '../../../../contract/enums.ts';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import type { RepeatCandidate, SimilarMatter } from '../../api/types.ts';
import { fmtDate, fmtPct } from '../../format.ts';
import { ClassAdviceView, UnitAdviceView } from './ClassAdviceView.tsx';

/** What /text/suggest is asked about (only the fields the registrar has filled). */
export interface SuggestInput {
  title: string;
  content: string;
  place?: string;
  classCode?: string;
  /** 涉法涉诉 ticked (routing evidence). */
  legal?: boolean;
  petitioners: { name?: string; idNumber?: string; phone?: string; address?: string }[];
}

/** The registrar's explicit 初件/重件 decision; `key` is the set of repeat candidates it was made for. */
export interface RepeatChoice {
  isRepeat: boolean;
  earlierItemIds: string[];
  key: string;
}

/** Minimum text (title + content, without spaces) before suggestions are asked for. */
export const SUGGEST_MIN_CHARS = 10;

/** Returns `value` once it has stopped changing for `ms` milliseconds. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

const statusLabel = (s: string) => STATUS_LABELS[s as Status] ?? s;

/** Opens an item in a new tab so that the half-filled form stays as it is. */
function ItemLink({ id, number }: { id: string; number: string }) {
  return (
    <a href={`/items/${encodeURIComponent(id)}`} target="_blank" rel="noopener noreferrer">
      {number}
    </a>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} style={{ marginBottom: 4 }}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
        {title}
      </Typography.Text>
      {children}
    </div>
  );
}

const none = (text: string) => (
  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
    {text}
  </Typography.Text>
);

function SimilarRow({ c, reason }: { c: SimilarMatter | RepeatCandidate; reason?: string }) {
  return (
    <div style={{ padding: '4px 0', borderBottom: '1px dashed #eef0f3', fontSize: 13 }}>
      <Space size={6} wrap>
        <ItemLink id={c.itemId} number={c.number} />
        <Tag
          color={c.similarity >= 0.8 ? 'red' : c.similarity >= 0.6 ? 'orange' : 'default'}
          style={{ marginInlineEnd: 0 }}
        >
          相似度 {fmtPct(c.similarity)}
        </Tag>
      </Space>
      <div style={{ wordBreak: 'break-all' }}>{c.title}</div>
      <div style={{ color: '#888', fontSize: 12 }}>
        {fmtDate(c.registeredOn)}　{statusLabel(c.status)}
        {reason ? `　${reason}` : ''}
      </div>
    </div>
  );
}

/**
 * 不予受理 / 不再受理 advised from the earlier items of the same person and matter (不再受理 first), each with its
 * reason, the article and a link to the earlier item; only advice: the registrar decides the route.
 */
function AdmissionNotice({ repeats }: { repeats: RepeatCandidate[] }) {
  const advised = repeats
    .filter((c) => c.admission)
    .sort((a, b) => Number(b.admission?.kind === '不再受理') - Number(a.admission?.kind === '不再受理'));
  const top = advised[0]?.admission;
  if (!top) return null;
  return (
    <Alert
      type={top.kind === '不再受理' ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 8, padding: '6px 10px' }}
      data-testid="admission-advice"
      message={`建议${top.kind}`}
      description={
        <div style={{ fontSize: 12 }}>
          {advised.map((c) => (
            <div key={c.itemId} style={{ marginBottom: 4 }} data-testid="admission-advice-row">
              <Space size={4} wrap>
                <Tag color={c.admission!.kind === '不再受理' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                  {c.admission!.kind}
                </Tag>
                <ItemLink id={c.itemId} number={c.number} />
              </Space>
              <div>{c.admission!.reason}</div>
              <div style={{ color: '#888' }}>依据：{c.admission!.basis}</div>
            </div>
          ))}
          <div style={{ color: '#888' }}>仅为建议，是否受理由登记人员决定。</div>
        </div>
      }
    />
  );
}

/**
 * 智能建议 beside the registration form: content class (adopted only by a click), lead units (a hint for the
 * later routing), earlier items of the same petitioner with the 初件/重件 choice, and similar items.
 */
export function SuggestPanel({
  input,
  classCode,
  onAdoptClass,
  choice,
  onChoose,
}: {
  input: SuggestInput | null;
  classCode: string | undefined;
  onAdoptClass: (code: string) => void;
  choice: RepeatChoice | null;
  onChoose: (c: RepeatChoice | null) => void;
}) {
  const q = useQuery({
    queryKey: ['suggest', input],
    enabled: input !== null,
    queryFn: () => call(client.POST('/api/v1/text/suggest', { body: input! })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  const data = input ? q.data : undefined;
  const repeatOf = (data?.sameperson ?? []).filter((c) => c.isRepeat);
  const repeatKey = repeatOf
    .map((c) => c.itemId)
    .sort()
    .join(',');
  // A decision made for other candidates no longer holds: ask again.
  useEffect(() => {
    if (choice && choice.key !== repeatKey) onChoose(null);
  }, [choice, repeatKey, onChoose]);

  const title = (
    <Space>
      <BulbOutlined style={{ color: '#d48806' }} />
      智能建议
      {input && q.isFetching && <Spin size="small" data-testid="suggest-loading" />}
    </Space>
  );

  let body: ReactNode;
  if (!input) {
    body = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={`输入标题和主要内容（至少 ${SUGGEST_MIN_CHARS} 个字）后，这里会给出分类、责任单位和相似事项建议`}
      />
    );
  } else if (q.isError && !data) {
    body = <Alert type="warning" showIcon message="智能建议暂不可用" description={errorText(q.error)} />;
  } else if (!data) {
    body = (
      <div style={{ padding: 24, textAlign: 'center' }} role="status">
        <Spin />
        <div style={{ marginTop: 8, color: '#888' }}>正在分析…</div>
      </div>
    );
  } else {
    body = (
      <div style={{ opacity: q.isPlaceholderData ? 0.6 : 1 }}>
        <Section title="内容分类" testId="suggest-classes">
          <ClassAdviceView
            advice={data.classAdvice}
            classes={data.classes}
            classCode={classCode}
            onAdoptClass={onAdoptClass}
          />
        </Section>
        <Divider style={{ margin: '10px 0' }} />
        <Section title="建议责任单位（供交转参考）" testId="suggest-units">
          <UnitAdviceView
            units={data.units}
            classKnown={Boolean(classCode) || data.classAdvice?.status === 'confident'}
          />
        </Section>
        <Divider style={{ margin: '10px 0' }} />
        <Section title="同一信访人既往事项" testId="suggest-sameperson">
          <AdmissionNotice repeats={repeatOf} />
          {repeatOf.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8, padding: '6px 10px' }}
              data-testid="repeat-notice"
              message="可能为重件"
              description={
                <div>
                  <div style={{ fontSize: 12, marginBottom: 6 }}>
                    与 {repeatOf.map((c) => c.number).join('、')} 为同一信访人反映的同一事项。
                  </div>
                  <Space size={6} wrap>
                    <Button
                      size="small"
                      type={choice?.isRepeat === true ? 'primary' : 'default'}
                      icon={choice?.isRepeat === true ? <CheckOutlined /> : undefined}
                      data-testid="choose-repeat"
                      onClick={() =>
                        onChoose({ isRepeat: true, earlierItemIds: repeatOf.map((c) => c.itemId), key: repeatKey })
                      }
                    >
                      确认重件
                    </Button>
                    <Button
                      size="small"
                      type={choice?.isRepeat === false ? 'primary' : 'default'}
                      icon={choice?.isRepeat === false ? <CheckOutlined /> : undefined}
                      data-testid="choose-first"
                      onClick={() => onChoose({ isRepeat: false, earlierItemIds: [], key: repeatKey })}
                    >
                      按初件登记
                    </Button>
                    {choice && (
                      <Button size="small" type="link" onClick={() => onChoose(null)}>
                        撤销选择
                      </Button>
                    )}
                  </Space>
                  <div style={{ fontSize: 12, color: '#888', marginTop: 4 }} data-testid="repeat-choice">
                    {choice
                      ? choice.isRepeat
                        ? `已选择：按重件登记（关联 ${choice.earlierItemIds.length} 件）`
                        : '已选择：按初件登记'
                      : '未选择时，由系统按规则判定初件或重件'}
                  </div>
                </div>
              }
            />
          )}
          {data.sameperson.length === 0
            ? none('未发现同一信访人的既往事项')
            : data.sameperson.slice(0, 5).map((c) => <SimilarRow key={c.itemId} c={c} reason={c.reason} />)}
        </Section>
        <Divider style={{ margin: '10px 0' }} />
        <Section title="相似事项" testId="suggest-samematter">
          {data.sameMatter.length === 0
            ? none('未发现相似事项')
            : data.sameMatter.slice(0, 5).map((c) => <SimilarRow key={c.itemId} c={c} />)}
        </Section>
        {q.isError && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            最新建议获取失败，显示的是上一次的结果。
          </Typography.Text>
        )}
      </div>
    );
  }
  return (
    <Card
      size="small"
      title={title}
      data-testid="suggest-panel"
      style={{ position: 'sticky', top: 0 }}
      styles={{ body: { maxHeight: 'calc(100vh - 56px - 32px - 48px)', overflow: 'auto' } }}
    >
      {body}
    </Card>
  );
}

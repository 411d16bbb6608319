import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Modal,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { IssueSupervisionModal } from '../supervision/IssueSupervisionModal.tsx';
import { timelineStepLabel, type Step } from '../../../../contract/enums.ts';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import { useUnits } from '../../api/reference.ts';
import type { ItemDeadlineView, ItemView } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { daysLeftText, fmtDate, fmtDateTime, fmtNum, WARNING_COLOR, WARNING_TAG, warningLabel } from '../../format.ts';
import { AskLeaderModal } from './AskLeaderModal.tsx';
import { AssignHandlerModal } from './AssignHandlerModal.tsx';
import { CorrectItemModal } from './CorrectItemModal.tsx';
import { FilesCard } from './FilesCard.tsx';
import { HandlingRecordCard } from './HandlingRecordCard.tsx';
import { LinksCard } from './LinksCard.tsx';
import { ReturnVisitsCard } from './ReturnVisitsCard.tsx';
import { STEP_BUTTON, StepModal } from './StepModal.tsx';
import { timelineDetails } from './timeline-detail.ts';

const OUTCOME_COLOR: Record<string, string> = { 支持: 'green', 解释说明: 'blue', 不予支持: 'red' };

function deadlineState(d: ItemDeadlineView) {
  if (d.metOn) return <Tag color="default">已于 {fmtDate(d.metOn)} 完成</Tag>;
  if (d.kind === 'window') return d.open ? <Tag color="blue">期间内</Tag> : <Tag>已届满</Tag>;
  if (d.warning)
    return (
      <Space size={4}>
        <Tag color={WARNING_TAG[d.warning.level]}>{warningLabel(d.warning.level)}</Tag>
        <span style={{ color: WARNING_COLOR[d.warning.level] }}>{daysLeftText(d.warning.daysLeft)}</span>
      </Space>
    );
  return '—';
}

/** 事项详情: facts, demands and answers, deadlines with explanation, timeline, and the steps this user may take now. */
export default function ItemDetailPage() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [step, setStep] = useState<Step | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [asking, setAsking] = useState(false);
  const [supervising, setSupervising] = useState(false);
  const navigate = useNavigate();
  const [assigning, setAssigning] = useState(false);
  // The unmasked view (identity and free text as registered), for the version it was read at.
  const [unmasked, setUnmasked] = useState<ItemView | null>(null);
  const units = useUnits();
  const [unmaskOpen, setUnmaskOpen] = useState(false);
  const [reason, setReason] = useState('');
  const item = useQuery({
    queryKey: ['item', id],
    queryFn: () => call(client.GET('/api/v1/items/{id}', { params: { path: { id } } })),
  });
  const timeline = useQuery({
    queryKey: ['timeline', id],
    queryFn: async () => (await call(client.GET('/api/v1/items/{id}/timeline', { params: { path: { id } } }))).events,
    enabled: item.isSuccess,
  });

  if (item.isPending) return <Loading />;
  if (item.isError)
    return (
      <Card>
        <ErrorState error={item.error} onRetry={() => item.refetch()} />
        <div style={{ textAlign: 'center' }}>
          <Link to="/">返回工作台</Link>
        </div>
      </Card>
    );
  const unitName = (uid: string) => (units.data ?? []).find((u) => u.id === uid)?.name;
  const v = unmasked && unmasked.version === item.data.version ? unmasked : item.data;
  const petitioners = v.petitioners;
  const hiddenIdentity = v.petitioners.some((p) => p.hidden);
  const accusedUnit = v.accused?.outsideDistrict
    ? '不是本区单位'
    : ((units.data ?? []).find((u) => u.id === v.accused?.unitId)?.name ?? '未选择');
  const ext = v.facts.extension;
  const pendingExt = ext?.status === 'pending' ? ext : null;
  const reviews = (
    [
      ['复查', v.facts.review],
      ['复核', v.facts.rereview],
    ] as const
  ).flatMap(([what, r]) =>
    r?.opinion ? [{ what, outcome: r.outcome ?? '—', opinion: r.opinion, decidedOn: r.decidedOn }] : [],
  );
  const sendBacks = v.facts.sendBacks;

  const doUnmask = async () => {
    try {
      const r = await call(client.POST('/api/v1/items/{id}/unmask', { params: { path: { id } }, body: { reason } }));
      setUnmasked(r);
      setUnmaskOpen(false);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div data-testid="item-detail">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row justify="space-between" align="middle" wrap={false}>
          <Col flex="auto">
            <Typography.Title level={4} style={{ margin: 0 }}>
              {v.title}
            </Typography.Title>
            <Space size="middle" style={{ marginTop: 4 }}>
              <Typography.Text copyable data-testid="detail-number">
                {v.number}
              </Typography.Text>
              <Tag color="blue" data-testid="detail-status">
                {v.statusLabel}
              </Tag>
              {v.isRepeat && <Tag color="orange">重件</Tag>}
              {pendingExt && (
                <Tag color="gold" data-testid="pending-approval">
                  延期待审批（申请 {pendingExt.days} 日）
                </Tag>
              )}
              {v.flags.map((f) => (
                <Tag key={f}>{f}</Tag>
              ))}
            </Space>
          </Col>
          <Col flex="none">
            <Space wrap data-testid="step-buttons">
              {v.steps.length === 0 && !v.blockedSteps?.length && (
                <Typography.Text type="secondary">当前没有需要您办理的步骤</Typography.Text>
              )}
              {v.abilities.askLeader && (
                <Button onClick={() => setAsking(true)} data-testid="ask-leader-open">
                  向领导请示
                </Button>
              )}
              {v.abilities.supervise && v.leadUnit && (
                <Button onClick={() => setSupervising(true)} data-testid="supervise-open">
                  发起督办
                </Button>
              )}
              {v.abilities.assignHandler && (
                <Button onClick={() => setAssigning(true)} data-testid="handler-open">
                  {v.handler ? '更换经办人' : '指定经办人'}
                </Button>
              )}
              {v.abilities.correct && (
                <Button onClick={() => setCorrecting(true)} data-testid="correct-open">
                  更正登记信息
                </Button>
              )}
              {v.steps.map((s) => (
                <Button
                  key={s}
                  type="primary"
                  ghost={s !== v.steps[0]}
                  onClick={() => setStep(s)}
                  data-testid={`step-${s}`}
                >
                  {STEP_BUTTON[s]}
                </Button>
              ))}
              {(v.blockedSteps ?? []).map((b) => (
                <Tooltip key={b.step} title={b.reason}>
                  <Button disabled data-testid={`step-blocked-${b.step}`}>
                    {STEP_BUTTON[b.step]}
                  </Button>
                </Tooltip>
              ))}
            </Space>
          </Col>
        </Row>
      </Card>
      {(v.blockedSteps ?? []).map((b) => (
        <Alert
          key={b.step}
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid={`blocked-reason-${b.step}`}
          message={`暂不能「${b.label}」：${b.reason}`}
        />
      ))}
      {sendBacks.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sent-back"
          message={`信访局已退回重办 ${sendBacks.length} 次`}
          description={sendBacks.map((b, i) => (
            <div key={i}>
              {fmtDate(b.on)}：{b.reason}
            </div>
          ))}
        />
      )}
      <Row gutter={12}>
        <Col span={15}>
          <Card size="small" title="基本信息" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={3} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label="信访形式">{v.channel}</Descriptions.Item>
              <Descriptions.Item label="层级">{v.level}</Descriptions.Item>
              <Descriptions.Item label="人数">{fmtNum(v.headCount)}</Descriptions.Item>
              <Descriptions.Item label="收到日期">{fmtDate(v.receivedOn)}</Descriptions.Item>
              <Descriptions.Item label="登记日期">{fmtDate(v.registeredOn)}</Descriptions.Item>
              <Descriptions.Item label="信访目的">{v.purpose}</Descriptions.Item>
              <Descriptions.Item label="内容分类" span={2}>
                <span data-testid="detail-class">{v.classPath ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label="办理类别">{v.handlingClass}</Descriptions.Item>
              <Descriptions.Item label="责任单位" span={2}>
                {v.leadUnit?.name ?? '未交转'}
                {v.assistUnits.length > 0 && `（协办：${v.assistUnits.map((u) => u.name).join('、')}）`}
              </Descriptions.Item>
              <Descriptions.Item label="经办人">
                <span data-testid="handler-name">
                  {v.handler ? `${v.handler.name}（${fmtDate(v.handler.since)} 起）` : v.leadUnit ? '未指定' : '—'}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label="发生地">{v.place ?? '—'}</Descriptions.Item>
              {v.organisation && (
                <Descriptions.Item label="单位（组织）" span={3}>
                  {v.organisation}
                </Descriptions.Item>
              )}
              {v.representatives.length > 0 && (
                <Descriptions.Item label="代表" span={3}>
                  {v.representatives.join('、')}
                </Descriptions.Item>
              )}
              {v.accused && (
                <Descriptions.Item label="被检举控告人" span={3}>
                  <span data-testid="detail-accused">
                    {v.accused.name}（所在单位：{accusedUnit}）{v.accused.note ? `　${v.accused.note}` : ''}
                  </span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label="主要内容" span={3}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{v.content}</div>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            size="small"
            title="信访人"
            style={{ marginBottom: 12 }}
            extra={
              v.abilities.unmask &&
              !v.identityUnmasked && (
                <Button size="small" onClick={() => setUnmaskOpen(true)}>
                  查看完整信息
                </Button>
              )
            }
          >
            {hiddenIdentity && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 8 }}
                data-testid="identity-hidden"
                message="本件按规定隐去了信访人身份、联系方式和材料，正文中的信访人信息也已隐去。"
              />
            )}
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={petitioners}
              locale={{ emptyText: '未登记信访人' }}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                {
                  title: '身份证号码',
                  dataIndex: 'idNumber',
                  render: (x: string | null, r) => (
                    <>
                      {x ?? '—'}
                      {x && !r.idVerified && (
                        <Tag color="orange" style={{ marginLeft: 6 }}>
                          号码未核验
                        </Tag>
                      )}
                    </>
                  ),
                },
                { title: '电话', dataIndex: 'phone', render: (x: string | null) => x ?? '—' },
                { title: '住址', dataIndex: 'address', render: (x: string | null) => x ?? '—' },
              ]}
            />
          </Card>
          <Card
            size="small"
            title={`诉求与答复（${v.demands.length} 项）`}
            style={{ marginBottom: 12 }}
            data-testid="demands"
          >
            {v.demands.map((d) => (
              <div
                key={d.index}
                style={{ padding: '6px 0', borderBottom: '1px dashed #eef0f3' }}
                data-testid={`demand-row-${d.index}`}
              >
                <div>
                  {d.index + 1}. {d.text}
                </div>
                {d.answer ? (
                  <div style={{ marginTop: 4, marginLeft: 16 }}>
                    <Tag color={OUTCOME_COLOR[d.answer.outcome] ?? 'default'}>{d.answer.outcome}</Tag>
                    {d.answer.explanation}
                  </div>
                ) : (
                  <div style={{ marginTop: 4, marginLeft: 16, color: '#999' }}>尚未答复</div>
                )}
              </div>
            ))}
            {v.facts.opinion && (
              <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                <Descriptions.Item label="查明事实">{v.facts.opinion.facts}</Descriptions.Item>
                <Descriptions.Item label="处理依据">{v.facts.opinion.basis}</Descriptions.Item>
                <Descriptions.Item label="出具日期">{fmtDate(v.facts.opinion.issuedOn)}</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
          {reviews.length > 0 && (
            <Card size="small" title="复查 / 复核" style={{ marginBottom: 12 }} data-testid="review-opinions">
              {reviews.map((r) => (
                <Descriptions key={r.what} size="small" column={1} style={{ marginBottom: 8 }}>
                  <Descriptions.Item label={`${r.what}结论`}>{r.outcome}</Descriptions.Item>
                  <Descriptions.Item label={`${r.what}意见`}>
                    <div style={{ whiteSpace: 'pre-wrap' }} data-testid={`opinion-${r.what}`}>
                      {r.opinion}
                    </div>
                  </Descriptions.Item>
                  <Descriptions.Item label="作出日期">{fmtDate(r.decidedOn)}</Descriptions.Item>
                </Descriptions>
              ))}
            </Card>
          )}
          <HandlingRecordCard record={v.record} />
          <ReturnVisitsCard item={v} />
          <LinksCard item={v} />
        </Col>
        <Col span={9}>
          <Card size="small" title="期限" style={{ marginBottom: 12 }} data-testid="deadlines">
            {v.deadlines.length === 0 ? (
              <Empty description="暂无期限" />
            ) : (
              v.deadlines.map((d) => (
                <div
                  key={d.rule}
                  style={{ padding: '6px 0', borderBottom: '1px dashed #eef0f3' }}
                  data-testid={`deadline-${d.rule}`}
                >
                  <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                    <span>
                      <Typography.Text strong>{d.name}</Typography.Text>
                      {d.tier === 'internal' && (
                        <Tag style={{ marginLeft: 6 }} data-testid={`internal-${d.rule}`}>
                          内部期限
                        </Tag>
                      )}
                      {d.provisional && (
                        <Tag color="orange" style={{ marginLeft: 6 }} data-testid={`provisional-${d.rule}`}>
                          暂定
                        </Tag>
                      )}
                    </span>
                    <span>
                      截至{' '}
                      <Typography.Text
                        strong
                        data-testid={`due-${d.rule}`}
                        style={{ color: d.warning ? WARNING_COLOR[d.warning.level] : undefined }}
                      >
                        {fmtDate(d.due)}
                      </Typography.Text>
                    </span>
                  </Space>
                  <div style={{ fontSize: 12, color: '#666', margin: '2px 0' }}>{d.explanation}</div>
                  {deadlineState(d)}
                </div>
              ))
            )}
          </Card>
          <FilesCard
            itemId={v.id}
            documents={v.documents ?? []}
            canUpload={Boolean(v.abilities.register) || v.steps.length > 0}
          />
          <Card size="small" title="办理过程" data-testid="timeline">
            {timeline.isPending ? (
              <Loading />
            ) : timeline.isError ? (
              <ErrorState error={timeline.error} />
            ) : (
              <Timeline
                items={timeline.data.map((e) => ({
                  key: e.seq,
                  children: (
                    <div data-testid={`timeline-${e.step}`}>
                      <div>
                        {!e.summary.startsWith(timelineStepLabel(e.step)) && (
                          <Typography.Text strong data-testid="timeline-label">
                            {timelineStepLabel(e.step)}：
                          </Typography.Text>
                        )}
                        {e.summary}
                      </div>
                      {timelineDetails(e.step, e.data, unitName).map((d) => (
                        <div key={d.label} style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>
                          <Typography.Text type="secondary">{d.label}：</Typography.Text>
                          {d.text}
                        </div>
                      ))}
                      <div style={{ fontSize: 12, color: '#888' }}>
                        {fmtDate(e.on) !== '—' ? fmtDate(e.on) : fmtDateTime(e.at)}　{e.actor ?? ''}
                      </div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {step && (
        <StepModal
          step={step}
          item={v}
          onClose={() => setStep(null)}
          onDone={(next, summary) => {
            setStep(null);
            message.success(summary || '已办理');
            if (next) qc.setQueryData(['item', id], next);
            qc.invalidateQueries({ queryKey: ['item', id] });
            qc.invalidateQueries({ queryKey: ['timeline', id] });
            qc.invalidateQueries({ queryKey: ['workbench'] });
            qc.invalidateQueries({ queryKey: ['items'] });
          }}
        />
      )}
      {supervising && v.leadUnit && (
        <IssueSupervisionModal
          target={{ itemId: id, number: v.number, unitId: v.leadUnit.id, unitName: v.leadUnit.name }}
          today={v.today}
          onClose={() => setSupervising(false)}
          onDone={(sid) => {
            qc.invalidateQueries({ queryKey: ['supervisions'] });
            navigate(`/supervisions/${sid}`);
          }}
        />
      )}
      {asking && (
        <AskLeaderModal
          itemId={id}
          onClose={() => setAsking(false)}
          onDone={(leaderName) => {
            setAsking(false);
            message.success(`已向${leaderName}报送请示，批示后将在办理过程中显示`);
            qc.invalidateQueries({ queryKey: ['timeline', id] });
          }}
        />
      )}
      {assigning && (
        <AssignHandlerModal
          item={v}
          onClose={() => setAssigning(false)}
          onDone={(next, summary) => {
            setAssigning(false);
            message.success(summary);
            qc.setQueryData(['item', id], next);
            qc.invalidateQueries({ queryKey: ['timeline', id] });
            qc.invalidateQueries({ queryKey: ['workload'] });
          }}
        />
      )}
      {correcting && (
        <CorrectItemModal
          item={v}
          onClose={() => setCorrecting(false)}
          onDone={(next, summary) => {
            setCorrecting(false);
            message.success(summary);
            qc.setQueryData(['item', id], next);
            qc.invalidateQueries({ queryKey: ['item', id] });
            qc.invalidateQueries({ queryKey: ['timeline', id] });
            qc.invalidateQueries({ queryKey: ['items'] });
          }}
        />
      )}
      <Modal
        title="查看完整身份信息"
        open={unmaskOpen}
        okText="查看"
        cancelText="取消"
        onOk={doUnmask}
        onCancel={() => setUnmaskOpen(false)}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
      >
        <Typography.Paragraph>查看完整身份信息将记入审计日志，请说明理由。</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          placeholder="例如：电话回访信访人"
        />
      </Modal>
    </div>
  );
}

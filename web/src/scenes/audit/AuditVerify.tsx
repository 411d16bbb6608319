import { Alert, Progress, Spin, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import type { AuditVerification } from '../../api/types.ts';
import { fmtDateTime, fmtNum } from '../../format.ts';

type Run = NonNullable<Awaited<ReturnType<typeof fetchRun>>['run']>;

const RUN_KEY = ['audit-verify-run'] as const;
const fetchRun = () => call(client.GET('/api/v1/audit/verify/run'));

/**
 * The background check of the chain: the latest run (its result is kept on the server, so it is shown on every
 * visit), polled while it runs; starting answers at once, and a run already going is followed instead.
 */
export function useVerifyRun() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: RUN_KEY,
    queryFn: fetchRun,
    refetchInterval: (query) => (query.state.data?.run?.status === 'running' ? 1000 : false),
    staleTime: 0,
  });
  const m = useMutation({
    mutationFn: (anchor?: unknown) =>
      call(client.POST('/api/v1/audit/verify/run', { body: anchor === undefined ? {} : { anchor } })),
    onSuccess: (d) => qc.setQueryData(RUN_KEY, { run: d.run }),
  });
  const run = q.data?.run ?? null;
  return {
    run,
    busy: m.isPending || run?.status === 'running',
    withAnchor: m.variables !== undefined,
    startError: m.isError ? errorText(m.error) : null,
    loadError: q.isError ? errorText(q.error) : null,
    start: (anchor?: unknown) => m.mutate(anchor),
  };
}

/** Progress of a running check, in percent of the rows there were when it started. */
function VerifyRunning({ run }: { run: Run | null }) {
  const total = run?.total ?? 0;
  const done = run?.done ?? 0;
  const percent = total ? Math.min(99, Math.floor((done / total) * 100)) : 0;
  return (
    <Alert
      type="info"
      showIcon
      icon={<Spin size="small" />}
      data-testid="verify-running"
      style={{ marginBottom: 12 }}
      message={
        run
          ? `正在后台校验审计日志：已校验 ${fmtNum(done)} / 约 ${fmtNum(total)} 条（${run.startedBy} 于 ` +
            `${fmtDateTime(run.startedAt)} 发起）`
          : '正在发起校验…'
      }
      description={
        <div>
          <Progress percent={percent} size="small" status="active" data-testid="verify-progress" />
          <div>逐条核对密钥签名与哈希链；校验在后台进行，可以离开本页或继续查看下方记录，完成后在此显示结果。</div>
        </div>
      }
    />
  );
}

/** The running check with its progress, or the latest result with who ran it and when. */
export function VerifyPanel({ v }: { v: ReturnType<typeof useVerifyRun> }) {
  const { run } = v;
  const error = v.startError ?? v.loadError;
  return (
    <>
      {v.busy ? (
        <VerifyRunning run={run?.status === 'running' ? run : null} />
      ) : run?.status === 'done' && run.result ? (
        <>
          <VerifyResult r={run.result} />
          <Typography.Text
            type="secondary"
            data-testid="verify-run-by"
            style={{ display: 'block', margin: '-8px 0 12px', fontSize: 12 }}
          >
            {run.startedBy} 于 {fmtDateTime(run.startedAt)} 发起，{run.finishedAt ? fmtDateTime(run.finishedAt) : ''}{' '}
            完成
          </Typography.Text>
        </>
      ) : run?.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`上次校验未能完成：${run.error ?? '未知原因'}，请重新校验`}
          data-testid="verify-error"
        />
      ) : null}
      {error && !v.busy && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`校验失败：${error}`}
          data-testid="verify-error"
        />
      )}
    </>
  );
}

function VerifyResult({ r }: { r: AuditVerification }) {
  if (r.ok) {
    const extra = [
      r.head ? `链头封存记录（第 ${fmtNum(r.head.seq)} 条）一致，末尾未被删除` : null,
      r.anchor ? `与 ${fmtDateTime(r.anchor.exportedAt)} 导出的锚点（第 ${fmtNum(r.anchor.seq)} 条）一致` : null,
      r.legacy
        ? `其中前 ${fmtNum(r.legacy)} 条为启用密钥签名之前的旧记录，只能证明其内部一致；此后的记录均以密钥文件中的密钥签名`
        : null,
    ].filter(Boolean);
    return (
      <Alert
        type="success"
        showIcon
        data-testid="verify-result"
        style={{ marginBottom: 12 }}
        message={`审计日志完整：已校验 ${fmtNum(r.count)} 条记录的密钥签名与哈希链，未发现篡改`}
        description={
          r.lastSeq !== null ? (
            <div>
              <div>
                最后一条为第 {fmtNum(r.lastSeq)} 条，哈希{' '}
                <Typography.Text code copyable>
                  {r.lastHash.slice(0, 16)}…
                </Typography.Text>
              </div>
              {extra.map((x) => (
                <div key={x}>{x}</div>
              ))}
            </div>
          ) : (
            '审计日志为空'
          )
        }
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="verify-result"
      style={{ marginBottom: 12 }}
      message={`审计日志在第 ${fmtNum(r.brokenAt)} 条处校验失败`}
      description={
        <div>
          <div>{r.message}</div>
          <div style={{ fontSize: 12, color: '#888' }}>
            此前 {fmtNum(r.count)} 条校验通过（原因代码：{r.reason}）
          </div>
        </div>
      }
    />
  );
}

// The one home of the situation report's buckets: the report's figures (SQL), its definitions, the drill-down
// filters of the item list and the web's charts all take their keys from here.

/** 信访层级 buckets. */
export const LEVEL_BUCKETS = ['国家', '省', '市', '区'] as const;

/** 信访渠道 buckets: 电话, 传真 and any other channel fold into 其他. */
export const CHANNEL_BUCKETS = ['网上投诉', '来访', '来信', '其他'] as const;
export type ChannelBucket = (typeof CHANNEL_BUCKETS)[number];

/** Channels reported under their own name (everything else is 其他). */
export const OWN_CHANNEL_BUCKETS = CHANNEL_BUCKETS.filter((c) => c !== '其他');

/** 诉求领域 buckets. */
export const REPORT_DOMAINS = ['城乡建设', '市场监管', '涉法涉诉', '劳动保障', '其他'] as const;
export type ReportDomain = (typeof REPORT_DOMAINS)[number];

/**
 * Which content classes (a class path and everything under it) fall into which domain; the 涉法涉诉 flag wins
 * over all of these, and a class listed nowhere is 其他.
 */
export const DOMAIN_CLASS_PATHS: readonly { domain: ReportDomain; paths: readonly string[] }[] = [
  { domain: '城乡建设', paths: ['城乡建设'] },
  { domain: '劳动保障', paths: ['劳动和社会保障'] },
  { domain: '市场监管', paths: ['经济管理/市场监管', '经济管理/食品药品监管', '经济管理/质监'] },
];

/** 初信初访 / 重复信访 / 责任单位不属于我区: three parts that add up to the total. */
export const ORIGIN_BUCKETS = ['first', 'repeat', 'outside'] as const;

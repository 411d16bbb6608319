import type { UserSpec } from '../demo.model.ts';

/** The named demo logins, one per role plus staff of 区住建局, 区市场监管局 and 城关街道 (printed at first start). */
export const NAMED_ACCOUNTS: readonly UserSpec[] = [
  { username: 'dengji', displayName: '刘晓燕', role: 'registrar', unit: null, named: true },
  { username: 'shenhe', displayName: '陈建国', role: 'reviewer', unit: null, named: true },
  { username: 'zjj_jb', displayName: '王磊', role: 'unit_handler', unit: '区住建局', named: true },
  { username: 'zjj_fz', displayName: '赵德明', role: 'unit_head', unit: '区住建局', named: true },
  { username: 'scj_jb', displayName: '孙丽', role: 'unit_handler', unit: '区市场监管局', named: true },
  { username: 'scj_fz', displayName: '周永福', role: 'unit_head', unit: '区市场监管局', named: true },
  { username: 'cgjd_jb', displayName: '李静', role: 'unit_handler', unit: '城关街道', named: true },
  { username: 'lingdao', displayName: '张志强', role: 'leader', unit: null, named: true, title: '副区长' },
  { username: 'admin', displayName: '系统管理员', role: 'admin', unit: null, named: true },
  { username: 'anquan', displayName: '安全管理员', role: 'security_admin', unit: null, named: true },
  { username: 'shenji', displayName: '安全审计员', role: 'auditor', unit: null, named: true },
];

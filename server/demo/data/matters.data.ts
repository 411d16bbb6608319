import type { Matter } from '../demo.model.ts';
import { CITY_WELFARE_MATTERS } from './matters-city-welfare.data.ts';
import { ENVIRONMENT_LABOUR_MATTERS } from './matters-environment-labour.data.ts';
import { HOUSING_MATTERS } from './matters-housing.data.ts';
import { PUBLIC_MATTERS } from './matters-public.data.ts';
import { RURAL_LAW_MATTERS } from './matters-rural-law.data.ts';
import { SERVICES_MATTERS } from './matters-services.data.ts';

/**
 * Every matter the demo petitions are about. The order is part of the demo district: items draw their matter by
 * weight in this order, so reordering changes every generated item.
 */
export const MATTERS: readonly Matter[] = [
  ...HOUSING_MATTERS,
  ...ENVIRONMENT_LABOUR_MATTERS,
  ...SERVICES_MATTERS,
  ...CITY_WELFARE_MATTERS,
  ...RURAL_LAW_MATTERS,
  ...PUBLIC_MATTERS,
];

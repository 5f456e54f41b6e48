// Every dashboard, in the order the README lists them. Each becomes charts/dhakacart-operator/dashboards/<uid>.json.
import { backupsReleases } from './backups-releases.ts';
import { flashSaleCheckout } from './flash-sale-checkout.ts';
import { operator } from './operator.ts';
import type { DashboardSpec } from './panel.ts';
import { shopOverview } from './shop-overview.ts';

export const dashboards: DashboardSpec[] = [shopOverview, flashSaleCheckout, operator, backupsReleases];

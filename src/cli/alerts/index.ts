/**
 * `tallyman alerts add|list|rm|enable|disable|test|raised`: alert rules in the store (audited) and
 * the alerts `tallyman watch` raised.
 */
import type { Command } from 'commander';
import { registerAlertsAdd } from './add.js';
import { registerAlertsEnable } from './enable.js';
import { registerAlertsList } from './list.js';
import { registerAlertsRaised } from './raised.js';
import { registerAlertsRm } from './rm.js';
import { registerAlertsTest } from './test.js';

export function registerAlerts(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('alert rules for tallyman watch, and the alerts raised');
  registerAlertsAdd(alerts);
  registerAlertsList(alerts);
  registerAlertsEnable(alerts);
  registerAlertsRm(alerts);
  registerAlertsTest(alerts);
  registerAlertsRaised(alerts);
}

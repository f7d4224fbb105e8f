#!/usr/bin/env node
import { Command } from 'commander';

const program = new Command('tallyman').description('OSINT workbench for covert seaborne shipments');
program.parse();

#!/usr/bin/env node
import { Command } from 'commander';
import { registerDecode } from './decode.js';

const program = new Command('tallyman').description('OSINT workbench for covert seaborne shipments');
registerDecode(program);
program.parse();

/**
 * The simulator: turns one request line into what the DUT does about it — a reply line now, a reply
 * line after a stall, or a dropped connection — holding the state of every unit it has seen. No sockets
 * here; the server carries the outcome out.
 *
 * Per unit (serial number): the device model and, per command, a request counter and fault context.
 * Each request draws from its own stream keyed by (seed, serial, command, counter), so a unit's replies
 * depend only on its own request sequence. Units beyond `maxDevices` are forgotten, least recently used
 * first (approximately); a forgotten unit starts afresh, exactly as after RESET.
 */
import {
  errorLine,
  okLine,
  okReply,
  parseRequestLine,
  PROTOCOL_VERSION,
  serializeReply,
  validateCommand,
  type Command,
  type JsonObject,
} from '../protocol/index.js';
import { jsonValue } from '../protocol/json-line.js';
import { VERSION } from '../version.js';
import type { ResolvedDutConfig } from './config.js';
import * as device from './device.js';
import {
  burnInMultipliers,
  decideChaos,
  decideFault,
  newFaultContext,
  type ChaosAction,
  type CommandFaults,
  type FaultContext,
  type FaultProfile,
} from './faults.js';
import { pingJson, readTempJson, selfTestJson, setTempJson } from './reply-json.js';
import { RandomStream, streamKey } from './rng.js';
import type { Script, ScriptedAction } from './script.js';

/** What to do about one request line. Reply lines include their LF. */
export type Outcome =
  | { kind: 'none' }
  | { kind: 'reply'; line: string; chaos: ChaosAction }
  /** Stall `delayMs`, then run the command and reply — unless the client has gone by then. */
  | { kind: 'delayed'; delayMs: number; run: () => string; chaos: ChaosAction }
  | { kind: 'drop'; delayMs: number };

export interface SimulatorOptions {
  config: ResolvedDutConfig;
  profile: string;
  seed: number;
  script?: Script | null;
  maxDevices?: number;
}

interface KeyState {
  key: [number, number];
  counter: number;
  fault: FaultContext;
}

interface Unit {
  device: device.DeviceState;
  /** The serial as JSON text, written into every reply. */
  snJson: string;
  keys: Map<string, KeyState>;
  /** Used since the evictor last passed over it. */
  recent: boolean;
}

type DeviceCommand = Extract<Command, { cmd: 'PING' | 'READ_TEMP' | 'SELF_TEST' | 'SET_TEMP' }>;

export const DEFAULT_MAX_DEVICES = 100_000;
const NO_CHAOS: ChaosAction = { kind: 'none' };
const reply = (line: string): Outcome => ({ kind: 'reply', line, chaos: NO_CHAOS });

export class Simulator {
  readonly seed: number;
  private profile: FaultProfile;
  private readonly units = new Map<string, Unit>();
  private readonly maxDevices: number;

  constructor(private readonly opts: SimulatorOptions) {
    this.seed = opts.seed;
    const p = opts.config.profiles.get(opts.profile);
    if (!p) throw new Error(`unknown fault profile "${opts.profile}" (valid: ${this.profileNames.join(', ')})`);
    this.profile = p;
    this.maxDevices = opts.maxDevices ?? DEFAULT_MAX_DEVICES;
  }

  get profileName(): string {
    return this.profile.name;
  }

  get profileNames(): string[] {
    return [...this.opts.config.profiles.keys()].sort();
  }

  get unitCount(): number {
    return this.units.size;
  }

  /** Handle one request line (without its LF). */
  handleLine(bytes: Uint8Array): Outcome {
    const parsed = parseRequestLine(bytes);
    if (parsed.kind === 'blank') return { kind: 'none' };
    if (parsed.kind === 'invalid-utf8') return reply(errorLine('(decode)', 'E_BAD_ARGS', 'Invalid UTF-8 request line'));
    const v = validateCommand(parsed.cmd, parsed.args);
    if (!v.ok) return reply(serializeReply(v.reply));
    return this.handleCommand(v.command);
  }

  handleCommand(c: Command): Outcome {
    switch (c.cmd) {
      case 'HELLO':
        return reply(
          serializeReply(
            okReply(c.cmd, {
              server: 'mtap-dut',
              version: VERSION,
              protocol_version: PROTOCOL_VERSION,
              profile: this.profile.name,
              seed: this.seed,
              profiles: this.profileNames,
            }),
          ),
        );
      case 'SET_FAULT_PROFILE': {
        const next = this.opts.config.profiles.get(c.profile);
        if (!next) {
          return reply(errorLine(c.cmd, 'E_BAD_ARGS', `Unknown fault profile: ${c.profile}. Valid profiles: ${this.profileNames.join(', ')}`));
        }
        this.profile = next; // contexts (Markov state, rate-limit times) are kept, as in MTAP
        return reply(serializeReply(okReply(c.cmd, { profile: next.name })));
      }
      case 'RESET':
        this.units.delete(c.sn);
        return reply(serializeReply(okReply(c.cmd, { sn: c.sn, reset: true })));
      case 'SET_MODE':
        return reply(serializeReply(okReply(c.cmd, device.setMode(this.unit(c.sn).device, c.mode))));
      default:
        return this.deviceCommand(c);
    }
  }

  private unit(sn: string): Unit {
    let u = this.units.get(sn);
    if (u) {
      u.recent = true;
      return u;
    }
    u = { device: device.newDevice(sn, this.opts.config.device), snJson: jsonValue(sn), keys: new Map(), recent: true };
    this.units.set(sn, u);
    if (this.units.size > this.maxDevices) this.evictOne();
    return u;
  }

  /**
   * Forget one unit, least recently used first, approximately ("second chance"): a unit used since it
   * was last passed over goes to the back instead. Keeps the hot path to one Map lookup.
   */
  private evictOne(): void {
    for (const [sn, u] of this.units) {
      if (!u.recent) {
        this.units.delete(sn);
        return;
      }
      u.recent = false;
      this.units.delete(sn);
      this.units.set(sn, u);
    }
  }

  private deviceCommand(c: DeviceCommand): Outcome {
    const unit = this.unit(c.sn);
    const d = unit.device;
    let ks = unit.keys.get(c.cmd);
    if (!ks) {
      ks = { key: streamKey(this.seed, c.sn, c.cmd), counter: 0, fault: newFaultContext() };
      unit.keys.set(c.cmd, ks);
    }
    ks.counter += 1;
    const rng = new RandomStream(ks.key, ks.counter);
    const profile = this.profile;
    const faults = profile.forCommand(c.cmd);
    d.clockMs += device.SERVICE_MS[c.cmd] ?? 1;

    const scripted = this.opts.script?.match(c.sn, c.cmd, ks.counter);
    if (scripted) return scriptedOutcome(c, unit, ks.fault, faults, rng, scripted);

    const decision = decideFault(faults, profile.markov, ks.fault, d.cycles, d.clockMs, rng);
    switch (decision.action) {
      case 'busy':
        // The device is busy until the window ends; the simulated clock moves there, as a client
        // that retries after a backoff would find it.
        if (decision.retryAtMs !== null) d.clockMs = Math.max(d.clockMs, decision.retryAtMs);
        return { kind: 'reply', line: errorLine(c.cmd, 'E_BUSY', decision.message), chaos: decideChaos(profile.chaos, rng) };
      case 'fail':
        return { kind: 'reply', line: errorLine(c.cmd, 'E_INTERNAL', decision.message), chaos: decideChaos(profile.chaos, rng) };
      case 'drop':
        d.clockMs += decision.delayMs;
        return { kind: 'drop', delayMs: decision.delayMs };
      case 'delay': {
        d.clockMs += decision.delayMs;
        const chaos = decideChaos(profile.chaos, rng);
        return { kind: 'delayed', delayMs: decision.delayMs, run: () => okLine(c.cmd, executeJson(c, unit, faults, rng)), chaos };
      }
      case 'pass': {
        const chaos = decideChaos(profile.chaos, rng);
        return { kind: 'reply', line: okLine(c.cmd, executeJson(c, unit, faults, rng)), chaos };
      }
    }
  }
}

/** Run a device command on the unit: drift first (measuring commands), then the model. */
function execute(c: DeviceCommand, d: device.DeviceState, faults: CommandFaults, rng: RandomStream) {
  if (c.cmd === 'SET_TEMP') return device.setTemp(d, c.tempC);
  device.applyDrift(d, faults.drift, burnInMultipliers(faults.burnIn, d.cycles).drift);
  if (c.cmd === 'PING') return device.ping(d, rng);
  if (c.cmd === 'READ_TEMP') return device.readTemp(d, rng);
  return device.selfTest(d, rng);
}

/** The same, as the reply's `data` JSON text (the hot path). */
function executeJson(c: DeviceCommand, unit: Unit, faults: CommandFaults, rng: RandomStream): string {
  const d = unit.device;
  if (c.cmd === 'SET_TEMP') return setTempJson(unit.snJson, device.setTemp(d, c.tempC));
  device.applyDrift(d, faults.drift, burnInMultipliers(faults.burnIn, d.cycles).drift);
  if (c.cmd === 'PING') return pingJson(unit.snJson, device.ping(d, rng));
  if (c.cmd === 'READ_TEMP') return readTempJson(unit.snJson, device.readTemp(d, rng));
  return selfTestJson(unit.snJson, device.selfTest(d, rng));
}

/** A request the script pins: bypasses the fault profile. */
function scriptedOutcome(
  c: DeviceCommand,
  unit: Unit,
  fault: FaultContext,
  faults: CommandFaults,
  rng: RandomStream,
  scripted: ScriptedAction,
): Outcome {
  const d = unit.device;
  d.clockMs += scripted.delayMs;
  const then = scripted.then;
  if (then.kind === 'drop') return { kind: 'drop', delayMs: scripted.delayMs };
  fault.lastAcceptedMs = d.clockMs;
  const run = (): string => {
    if (then.kind === 'error') return errorLine(c.cmd, then.code, then.message);
    if (then.kind === 'data') return serializeReply(okReply(c.cmd, { ...(execute(c, d, faults, rng) as unknown as JsonObject), ...then.data }));
    return okLine(c.cmd, executeJson(c, unit, faults, rng));
  };
  if (scripted.delayMs > 0) return { kind: 'delayed', delayMs: scripted.delayMs, run, chaos: NO_CHAOS };
  return reply(run());
}


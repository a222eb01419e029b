/**
 * JSON text of the device replies' `data`, written field by field for the simulator's hot path. Each
 * writer's output is exactly `JSON.stringify` of the object the device model returns (a test holds them
 * to that), with the serial's JSON text cached per unit.
 */
import { jsonNumber, jsonValue } from '../protocol/json-line.js';
import type { PingData, ReadTempData, SelfTestData, SetTempData } from './device.js';

export function pingJson(snJson: string, d: PingData): string {
  return '{"sn":' + snJson + ',"fw":' + jsonValue(d.fw) + ',"mode":"' + d.mode + '","vbat_v":' + jsonNumber(d.vbat_v) + '}';
}

export function readTempJson(snJson: string, d: ReadTempData): string {
  return '{"sn":' + snJson + ',"temp_c":' + jsonNumber(d.temp_c) + ',"vbat_v":' + jsonNumber(d.vbat_v) + ',"cycles":' + jsonNumber(d.cycles) + '}';
}

export function selfTestJson(snJson: string, d: SelfTestData): string {
  return '{"sn":' + snJson + ',"self_test_ok":' + d.self_test_ok + ',"p_fail":' + jsonNumber(d.p_fail) + ',"cycles":' + jsonNumber(d.cycles) + '}';
}

export function setTempJson(snJson: string, d: SetTempData): string {
  return '{"sn":' + snJson + ',"temp_c":' + jsonNumber(d.temp_c) + '}';
}

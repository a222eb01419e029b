/**
 * Units: the bin summary (analytics), every unit that did not pass with its bins and deciding step,
 * and the passing units' serials in a compact list — so 10,000 units stay readable.
 */
import { RUN_FILES } from '../../record/index.js';
import { CapNote, Section } from '../components.js';
import { bin, int, ms, pct } from '../format.js';
import type { ReportData } from '../model.js';

function BinTable({ data }: { data: ReportData }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Hard/soft bin</th>
          <th>Description</th>
          <th>Outcome</th>
          <th class="n">Units</th>
          <th class="n">Share of tested</th>
        </tr>
      </thead>
      <tbody>
        {data.bins.map((b, i) => (
          <tr key={i}>
            <td class="mono">{b.hardBin === null ? 'no bin' : bin(b.hardBin, b.softBin)}</td>
            <td>{b.description ?? '—'}</td>
            <td>
              <span class={`outcome ${b.outcome}`}>{b.outcome}</span>
            </td>
            <td class="n">{int(b.units)}</td>
            <td class="n">{pct(b.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UnitsSection({ data }: { data: ReportData }) {
  const bad = data.nonPassingUnits;
  const good = data.passingSerials;
  return (
    <Section id="units" title="Units">
      <h3>Bins</h3>
      {data.bins.length ? <BinTable data={data} /> : <p class="muted">No unit has a result.</p>}
      <h3>Units that did not pass ({int(bad.total)})</h3>
      {bad.total === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <>
          <CapNote listing={bad} what="units that did not pass" where={RUN_FILES.units} />
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Serial</th>
                  <th>Outcome</th>
                  <th>Bin</th>
                  <th>Bin description</th>
                  <th>Deciding step</th>
                  <th>Code</th>
                  <th>Firmware</th>
                  <th class="n">Site</th>
                  <th class="n">Attempts</th>
                  <th class="n">Duration</th>
                </tr>
              </thead>
              <tbody>
                {bad.rows.map((u) => (
                  <tr key={u.sn}>
                    <td class="mono" data-sn>
                      {u.sn}
                    </td>
                    <td>
                      <span class={`outcome ${u.outcome}`}>{u.outcome}</span>
                    </td>
                    <td class="mono">{bin(u.hardBin, u.softBin)}</td>
                    <td>{u.binDescription ?? '—'}</td>
                    <td class="mono">{u.decidingStep ?? '—'}</td>
                    <td class="mono">{u.decidingCode ?? '—'}</td>
                    <td class="mono">{u.fwVersion ?? '—'}</td>
                    <td class="n">{int(u.site)}</td>
                    <td class="n">{int(u.attempts)}</td>
                    <td class="n">{ms(u.durationMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h3>Units that passed ({int(good.total)})</h3>
      {good.total === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <>
          <CapNote listing={good} what="passing serials" where={RUN_FILES.units} />
          <p class="serials" data-passing>
            {good.rows.join(' ')}
          </p>
          <p class="note">Listed by serial only; their bins are in the table above and each unit's record is in {RUN_FILES.units}.</p>
        </>
      )}
    </Section>
  );
}

/** Relative links to the run's raw files, so the report travels with its evidence. */
import { Section } from '../components.js';
import { bytes } from '../format.js';
import type { ReportData } from '../model.js';

export function ArtifactsSection({ data }: { data: ReportData }) {
  return (
    <Section id="artifacts" title="Raw artifacts">
      <table>
        <thead>
          <tr>
            <th>File</th>
            <th>Content</th>
            <th class="n">Size</th>
          </tr>
        </thead>
        <tbody>
          {data.artifacts.map((a) => (
            <tr key={a.name}>
              <td class="mono">
                <a href={a.href}>{a.name}</a>
              </td>
              <td>{a.what}</td>
              <td class="n">{bytes(a.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="note">Links are relative to this report: keep it beside the run directory's files (or copy them with it).</p>
    </Section>
  );
}

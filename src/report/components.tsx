/** Small pieces every section uses: the section frame, an inline chart, and the note a capped table ends with. */
import type { ComponentChildren } from 'preact';
import { int } from './format.js';
import type { Listing } from './model.js';

export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * A chart drawn by charts.ts: its SVG is the one piece of markup the page takes as it is (checked by
 * `safeSvg`); null means the chart was refused or could not be drawn, and the figure says so.
 */
export function Chart({ svg, caption, label }: { svg: string | null; caption: string; label: string }) {
  return (
    <figure class="chart" aria-label={label}>
      <figcaption>{caption}</figcaption>
      {svg === null ? <p class="note warn">chart left out: it could not be drawn safely</p> : <div dangerouslySetInnerHTML={{ __html: svg }} />}
    </figure>
  );
}

/** "Showing 5,000 of 12,345 …; the rest are in FILE." — only when the listing was capped. */
export function CapNote({ listing, what, where }: { listing: Listing<unknown>; what: string; where: string }) {
  if (listing.total <= listing.rows.length) return null;
  return (
    <p class="note warn" data-capped="true">
      Showing the first {int(listing.rows.length)} of {int(listing.total)} {what}; the other {int(listing.total - listing.rows.length)} are in {where}.
    </p>
  );
}

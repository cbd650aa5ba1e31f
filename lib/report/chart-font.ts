import { existsSync } from 'node:fs';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * A font family for chart text that exists on this machine.
 *
 * @napi-rs/canvas loads the system fonts it finds at start-up; on the Debian base image that is
 * DejaVu Sans (package fonts-dejavu-core). When none of the preferred families is loaded we try
 * to register a known file ourselves; when that fails too the charts still render, only without
 * legible text (alt text and tables carry the values), so nothing here may throw.
 */
const PREFERRED = ['DejaVu Sans', 'Liberation Sans', 'Noto Sans', 'Arial', 'Helvetica', 'FreeSans'];
const FALLBACK_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/System/Library/Fonts/Helvetica.ttc',
  'C:\\Windows\\Fonts\\arial.ttf',
];
const REGISTERED_ALIAS = 'bias-audit sans';

export function chartFontFamily(): string {
  try {
    const loaded = new Set(GlobalFonts.families.map((f) => f.family));
    if (loaded.has(REGISTERED_ALIAS)) return quoted(REGISTERED_ALIAS);
    const found = PREFERRED.find((family) => loaded.has(family));
    if (found !== undefined) return quoted(found);
    for (const file of FALLBACK_FILES) {
      if (existsSync(file) && GlobalFonts.registerFromPath(file, REGISTERED_ALIAS)) return quoted(REGISTERED_ALIAS);
    }
  } catch {
    // No usable font registry: fall through to the generic family.
  }
  return 'sans-serif';
}

function quoted(family: string): string {
  return `"${family}", sans-serif`;
}

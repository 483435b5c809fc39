import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { result, sampleReport } from './fixtures.ts';
import { controlSummaries, stateOf } from './mapping.ts';
import { assessmentPlanHref, toOscal } from './oscal.ts';
import { oscalSchema } from './oscal-schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk the generated document
type Json = any;
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

describe('check results to Annex A controls', () => {
  it('a control fails with any failing result, passes when every evaluated one passes', () => {
    const r = (status: 'pass' | 'fail' | 'not-evaluated') => result('t', 'c', ['A.8.3'], status);
    expect(stateOf([r('pass'), r('fail')])).toBe('not-satisfied');
    expect(stateOf([r('pass'), r('not-evaluated')])).toBe('satisfied');
    expect(stateOf([r('not-evaluated')])).toBe('not-evaluated');
    expect(stateOf([])).toBe('not-evaluated');
  });

  it('summarises each control in Annex A order with its counts', () => {
    const summaries = controlSummaries(sampleReport());
    expect(summaries.map((s) => [s.control, s.state, s.pass, s.fail, s.notEvaluated])).toEqual([
      ['A.5.15', 'not-satisfied', 1, 1, 0],
      ['A.8.3', 'not-satisfied', 1, 1, 0],
      ['A.8.5', 'not-satisfied', 1, 1, 0],
      ['A.8.9', 'not-evaluated', 0, 0, 2],
      ['A.8.13', 'satisfied', 2, 0, 0],
    ]);
    expect(summaries[0]?.title).toBe('Access control');
  });
});

describe('the OSCAL assessment results', () => {
  const doc = toOscal(sampleReport()) as Json;
  const ar = doc['assessment-results'];
  const [first] = ar.results;

  it('has a finding per evaluated control, linked to the observations of its results', () => {
    const states = Object.fromEntries(
      first.findings.map((f: Json) => [f.target['target-id'], f.target.status.state]),
    );
    expect(states).toEqual({
      'A.5.15': 'not-satisfied',
      'A.8.3': 'not-satisfied',
      'A.8.5': 'not-satisfied',
      'A.8.13': 'satisfied',
    });
    const observationIds = new Set(first.observations.map((o: Json) => o.uuid));
    for (const finding of first.findings) {
      expect(finding['related-observations'].length).toBe(2);
      for (const related of finding['related-observations']) {
        expect(observationIds.has(related['observation-uuid'])).toBe(true);
      }
    }
    expect(first.observations).toHaveLength(8);
    expect(ar['import-ap'].href).toBe(assessmentPlanHref);
  });

  it('uses version 4 uuids, each once, and subjects that are the tenants', () => {
    const text = JSON.stringify(doc);
    const uuids = [...text.matchAll(/"(?:uuid)":"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(uuids).size).toBe(uuids.length);
    for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]/);
    const tenants = new Set(first['local-definitions']['inventory-items'].map((i: Json) => i.uuid));
    for (const o of first.observations)
      expect(tenants.has(o.subjects[0]['subject-uuid'])).toBe(true);
  });

  it("is valid against NIST's OSCAL JSON schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(oscalSchema());
    const valid = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const { metadata: _, ...withoutMetadata } = ar;
    expect(validate({ 'assessment-results': withoutMetadata })).toBe(false);
  });
});

-- A step's sample, one per step of a flow's draft, whatever made it: added by hand (manual), the first request to a
-- sample-request URL (request), made from the action's declared output fields (generated) or an action's real output
-- (retrieved). Samples belong to the draft (publish leaves them alone) and go with their flow. A captured sample
-- over the size limit is kept as its inferred JSON schema, with a note saying so.
CREATE TABLE step_sample (
    flow_id    VARCHAR(24)  NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
    step_id    VARCHAR(255) NOT NULL,
    source     VARCHAR(16)  NOT NULL CHECK (source IN ('manual', 'request', 'generated', 'retrieved')),
    sample     JSONB        NOT NULL,
    note       TEXT,
    updated_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (flow_id, step_id)
);

-- Drafts held their steps' samples inline until now: they move here as manual samples (a step id that no longer fits
-- a step id's bounds is left behind: the next save refuses it anyway), and the drafts keep no copy.
INSERT INTO step_sample (flow_id, step_id, source, sample, updated_at)
SELECT f.id, s.step ->> 'id', 'manual', s.step -> 'sample', f.updated_at
FROM flow f CROSS JOIN LATERAL jsonb_array_elements(f.draft -> 'steps') AS s(step)
WHERE jsonb_typeof(s.step -> 'sample') = 'object' AND length(s.step ->> 'id') BETWEEN 1 AND 255
ON CONFLICT DO NOTHING;

UPDATE flow f
SET draft = jsonb_set(f.draft, '{steps}',
        (SELECT jsonb_agg(s.step - 'sample' ORDER BY s.ord)
         FROM jsonb_array_elements(f.draft -> 'steps') WITH ORDINALITY AS s(step, ord)))
WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(f.draft -> 'steps') AS s(step) WHERE s.step -> 'sample' IS NOT NULL);

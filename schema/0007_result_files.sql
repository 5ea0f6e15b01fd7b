-- Officers attach result documents, which belong to no procedure component.
ALTER TABLE dossier_files
    ALTER COLUMN component_id DROP NOT NULL,
    ADD COLUMN kind text NOT NULL DEFAULT 'component' CHECK (kind IN ('component', 'result')),
    ADD CHECK ((kind = 'component') = (component_id IS NOT NULL));

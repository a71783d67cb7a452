-- Production roles for SEP. Run once as the database owner after `manage.py migrate`.
--
-- The application connects as `sep_app`, which may read and write but never DELETE the
-- records of the public discussion. (Triggers refuse those deletes for every role anyway,
-- see comments/migrations/0007_refuse_deletes.py; this keeps the rule in the grants too.)
-- Migrations run as the owner role, not as sep_app.

CREATE ROLE sep_app LOGIN PASSWORD :'app_password';
GRANT CONNECT ON DATABASE sep TO sep_app;
GRANT USAGE ON SCHEMA public TO sep_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO sep_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO sep_app;
REVOKE DELETE ON
    comments_comment, comments_answer, comments_vote, comments_agreement,
    comments_moderationevent, comments_commentreport,
    reports_report, reports_reportentry
FROM sep_app;

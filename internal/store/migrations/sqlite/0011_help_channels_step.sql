-- The welcome journey's "Find your help channels" step pointed at the directory;
-- since community help landed, the help page is where those channels are. Only a
-- step still as 0008 wrote it is changed: an admin's own edit stays.
UPDATE journey_steps SET link = '/questions'
WHERE title = 'Find your help channels' AND link = '/communities'
  AND journey_id IN (SELECT id FROM journeys WHERE slug = 'welcome');

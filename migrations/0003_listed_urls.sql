-- The URL a feed listed for an article whose page redirected elsewhere (a tracking link, http → https): the next
-- run asks by the listed URL, so the item is known without fetching its page again.
ALTER TABLE articles ADD COLUMN listed_url TEXT;
CREATE INDEX IF NOT EXISTS articles_listed_url ON articles(listed_url);

"""Search: the index the build writes (`indexer`), and the service that answers queries from it
(`service`), used by the HTML search page and the JSON API alike."""

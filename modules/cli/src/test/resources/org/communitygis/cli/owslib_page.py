"""Page through one OGC API - Features collection with OWSLib and print what was read.

Usage: python3 owslib_page.py BASE_URL COLLECTION PAGE_SIZE

Prints one line per fact, read by RealClientsTest:
  collections=<ids of feature collections, comma-separated>
  matched=<numberMatched of the first page>
  pages=<number of requests>
  total=<features read over all pages>
  distinct=<distinct feature ids read>
"""
import sys

from owslib.ogcapi.features import Features


def main():
    url, collection, page_size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    api = Features(url, timeout=60)
    print("collections=" + ",".join(sorted(api.feature_collections())))

    ids = set()
    total = 0
    pages = 0
    matched = None
    offset = 0
    while True:
        page = api.collection_items(collection, limit=page_size, offset=offset)
        pages += 1
        if matched is None:
            matched = page.get("numberMatched")
        features = page.get("features", [])
        total += len(features)
        ids.update(str(feature.get("id")) for feature in features)
        if not any(link.get("rel") == "next" for link in page.get("links", [])):
            break
        if not features:
            sys.exit("a page at offset %d is empty but still has a next link" % offset)
        offset += len(features)

    print("matched=%s" % matched)
    print("pages=%d" % pages)
    print("total=%d" % total)
    print("distinct=%d" % len(ids))


if __name__ == "__main__":
    main()

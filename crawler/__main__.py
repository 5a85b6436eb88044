from crawler.startup import run

run()

"""The bare Flask baseline for bench/run.py: one route that says hello."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"

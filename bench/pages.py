"""The pages and API lists the benchmark measures: (name, demo user, url). ``{ids}`` come from bench/seed.py."""

PAGES = [
    ("home (agent)", "agen.diskominfo", "/"),
    ("home (operator)", "operator.diskominfo", "/"),
    ("employee list", "operator.diskominfo", "/pegawai/"),
    ("API employees", "sekda", "/api/v1/employees/"),
    ("API agencies", "sekda", "/api/v1/agencies/"),
]

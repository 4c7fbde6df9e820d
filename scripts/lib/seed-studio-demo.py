#!/usr/bin/env python3
"""Seeds a running iotile-server with the fleet the studio's screenshot shows, through the REST API only.

Usage: seed-studio-demo.py BASE_URL EMAIL PASSWORD SQLITE_DATABASE
The account must be staff (the catalog and new devices are staff-only, as in the original). One thing is
not done through the API: a device template belongs to a vendor org, and the API (like the original's,
where staff use Django's admin) cannot make an org a vendor, so that flag is set in the server's SQLite
database. Prints one
line per thing to plot or select, e.g. "plot s--0000-0001--0000-0000-0000-0011--5001", "select d--...".
Values are two days of readings every 30 s up to now: temperatures and humidity that follow the day.
"""
import datetime
import json
import math
import sqlite3
import sys
import urllib.error
import urllib.request

BASE, EMAIL, PASSWORD, DATABASE = sys.argv[1].rstrip('/'), sys.argv[2], sys.argv[3], sys.argv[4]
TOKEN = None


def call(method, path, body=None, staff=False):
    url = BASE + path + ('?staff=1' if staff else '')
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header('Content-Type', 'application/json')
    if TOKEN:
        request.add_header('Authorization', 'JWT ' + TOKEN)
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            text = answer.read()
    except urllib.error.HTTPError as error:
        sys.exit('%s %s: %s %s' % (method, path, error.code, error.read().decode(errors='replace')))
    return json.loads(text) if text else None


TOKEN = call('POST', '/api/v1/auth/login/', {'email': EMAIL, 'password': PASSWORD})['jwt']

# The catalog: variable types with their units, a sensor graph's device template.
def var_type(name, storage, inputs, outputs):
    return call('POST', '/api/v1/vartype/', {
        'name': name, 'storage_units_full': storage,
        'available_input_units': inputs, 'available_output_units': outputs}, staff=True)


def unit_slug(vtype, direction, full):
    for unit in vtype['available_%s_units' % direction]:
        if unit['unit_full'] == full:
            return unit['slug']
    sys.exit('no %s unit %s in %s' % (direction, full, vtype))


temperature = var_type('Temperature', 'Celsius',
                       [{'unit_full': 'Celsius', 'unit_short': 'C', 'm': 1, 'd': 1}],
                       [{'unit_full': 'Celsius', 'unit_short': '°C', 'm': 1, 'd': 1, 'decimal_places': 1}])
humidity = var_type('Relative humidity', 'Percent',
                    [{'unit_full': 'Percent', 'unit_short': '%', 'm': 1, 'd': 1}],
                    [{'unit_full': 'Percent', 'unit_short': '%', 'm': 1, 'd': 1, 'decimal_places': 0}])
pressure = var_type('Air pressure', 'Hectopascal',
                    [{'unit_full': 'Hectopascal', 'unit_short': 'hPa', 'm': 1, 'd': 1}],
                    [{'unit_full': 'Hectopascal', 'unit_short': 'hPa', 'm': 1, 'd': 1, 'decimal_places': 0}])
orgs = {name: call('POST', '/api/v1/org/', {'name': name})['slug']
        for name in ('Acme Logistics', 'Riverside Utilities')}
vendor = call('POST', '/api/v1/org/', {'name': 'Sensor Works'})['slug']
with sqlite3.connect(DATABASE, timeout=30) as db:
    db.execute('UPDATE orgs SET is_vendor = 1 WHERE slug = ?', (vendor,))
template = call('POST', '/api/v1/dt/', {
    'external_sku': 'Environment sensor', 'family': 'POC', 'org': vendor, 'major_version': 2,
    'minor_version': 0, 'patch_version': 0, 'os_tag': 1024, 'os_major_version': 2, 'os_minor_version': 1,
    'hw_tag': 1, 'hw_major_version': 1, 'released_on': '2023-01-10'}, staff=True)

VARIABLES = [  # name, lid, type, input unit, output unit
    ('Temperature', 0x5001, temperature, 'Celsius', 'Celsius'),
    ('Humidity', 0x5002, humidity, 'Percent', 'Percent'),
    ('Pressure', 0x5003, pressure, 'Hectopascal', 'Hectopascal'),
]
FLEET = [  # org, project, devices (label, active)
    ('Acme Logistics', 'Cold chain', [('Warehouse A — bay 3', True), ('Warehouse A — bay 7', True),
                                      ('Reefer truck 12', True), ('Reefer truck 9 (retired)', False)]),
    ('Riverside Utilities', 'Treatment plant', [('Inlet meter', True), ('Pump room', True)]),
    ('Riverside Utilities', 'Laboratory', [('Clean room', True)]),
]

devices = {}
streams = {}
for org_name, project_name, members in FLEET:
    project = call('POST', '/api/v1/project/', {'name': project_name, 'org': orgs[org_name]})
    variables = {}
    for name, lid, vtype, unit_in, unit_out in VARIABLES:
        variables[name] = call('POST', '/api/v1/variable/', {
            'name': name, 'lid': lid, 'project': project['id'], 'var_type': vtype['slug'],
            'input_unit': unit_slug(vtype, 'input', unit_in),
            'output_unit': unit_slug(vtype, 'output', unit_out)})['slug']
    for label, active in members:
        device = call('POST', '/api/v1/device/', {
            'template': template['slug'], 'label': label, 'project': project['id'],
            'lat': 47.3769, 'lon': 8.5417}, staff=True)
        devices[label] = device['slug']
        for name in variables:
            stream = call('POST', '/api/v1/stream/', {'variable': variables[name], 'device': device['slug']})
            streams[(label, name)] = stream['slug']
        if not active:
            call('PATCH', '/api/v1/device/%s/' % device['slug'], {'active': False})

# Two days of readings every 30 s, ending now.
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
start = now - datetime.timedelta(days=2)
STEP = 30
count = int((now - start).total_seconds()) // STEP


def day_curve(t, low, high, peak_hour, seed):
    hours = t.hour + t.minute / 60 + t.second / 3600
    base = (low + high) / 2 + (high - low) / 2 * math.cos((hours - peak_hour) / 24 * 2 * math.pi)
    noise = 0.25 * math.sin(seed * 7.1 + hours * 13.7) + 0.15 * math.sin(seed * 3.3 + hours * 57.0)
    return round(base + noise * (high - low) / 10, 2)


CURVES = {  # (device, variable): low, high, peak hour
    ('Warehouse A — bay 3', 'Temperature'): (15.5, 25.0, 4.5),
    ('Warehouse A — bay 7', 'Temperature'): (6.5, 20.5, 6.0),
    ('Warehouse A — bay 3', 'Humidity'): (15.0, 28.0, 23.0),
}
for seed, ((label, name), stream) in enumerate(sorted(streams.items())):
    if label.endswith('(retired)'):
        continue
    low, high, peak = CURVES.get((label, name), {'Temperature': (3.0, 8.0, 14.0), 'Humidity': (40.0, 60.0, 5.0),
                                                  'Pressure': (1008.0, 1016.0, 10.0)}[name])
    points = []
    for i in range(count + 1):
        t = start + datetime.timedelta(seconds=i * STEP)
        points.append({'stream': stream, 'timestamp': t.strftime('%Y-%m-%dT%H:%M:%SZ'),
                       'value': day_curve(t, low, high, peak, seed), 'type': 'ITR'})
    for first in range(0, len(points), 2000):
        call('POST', '/api/v1/data/', points[first:first + 2000])

print('plot %s' % streams[('Warehouse A — bay 3', 'Temperature')])
print('plot %s' % streams[('Warehouse A — bay 7', 'Temperature')])
print('plot %s' % streams[('Warehouse A — bay 3', 'Humidity')])
print('select %s' % devices['Warehouse A — bay 3'])

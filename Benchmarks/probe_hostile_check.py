"""Cross-checks a weighted multi-class run on hostile class names and slice values (commas,
quotes, '*', '=', HTML, an ANSI escape, emoji) against scikit-learn: per-class one-vs-rest
counts at every threshold and top-k point, one-vs-rest AUC, arg-max accuracy, top-k accuracy
and the confusion matrix, per slice. The data (200 rows, 8 classes, seed 1) is made here.

usage: python Benchmarks/probe_hostile_check.py RAI_BINARY [WORK_FOLDER]
Prints the max abs difference."""
import csv, json, os, random, subprocess, sys, tempfile
import numpy as np, pandas as pd
from sklearn.metrics import confusion_matrix, roc_auc_score, top_k_accuracy_score, accuracy_score

folder = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
os.makedirs(folder, exist_ok=True)
path, report_path = os.path.join(folder, 'hostile.csv'), os.path.join(folder, 'hostile.json')
random.seed(1)
classes = ['cat', 'd,og', 'b"ird', '<b>x</b>', '\u00e9\U0001f431', '*', 'a=b', '\x1b[31mred']
with open(path, 'w', newline='') as f:
    out = csv.writer(f)
    out.writerow(['label'] + ['p_' + c for c in classes] + ['race', 'w'])
    for _ in range(200):
        s = [random.random() for _ in classes]
        total = sum(s)
        label = classes[random.randrange(len(classes))]
        race = random.choice(['<script>alert(1)</script>', '| md |', 'x,y', '\x1b[2Jclr', 'ok'])
        out.writerow([label] + [x / total for x in s] + [race, random.choice([1, 2])])
subprocess.run([sys.argv[1], 'eval', path, '--label', 'label', '--class-scores', 'p_*', '--slice', 'race', '--weight', 'w',
                '--top-k', '1,3', '--min-slice-size', '0', '--format', 'json', '-o', report_path], check=True)
frame = pd.read_csv(path, dtype={'label': str, 'race': str}, keep_default_na=False)
report = json.load(open(report_path))
names = report['parameters']['classes']['names']
columns = report['parameters']['classes']['score_columns']
worst = 0.0
def check(a, b):
    global worst
    if a is None or b is None:
        assert a is None and b is None, (a, b)
        return
    worst = max(worst, abs(float(a) - float(b)))

for group in report['slices']:
    rows = frame if not group['slice'] else frame[frame['race'] == group['slice']['race']]
    scores = rows[columns].to_numpy(float)
    truth = np.array([names.index(v) for v in rows['label']])
    weights = rows['w'].to_numpy(float)
    # arg-max, ties to the class listed first (np.argmax does the same)
    predicted = scores.argmax(axis=1)
    check(group['accuracy'], accuracy_score(truth, predicted, sample_weight=weights))
    for k, value in group['top_k_accuracy'].items():
        check(value, top_k_accuracy_score(truth, scores, k=int(k), labels=range(len(names)), sample_weight=weights))
    matrix = confusion_matrix(truth, predicted, labels=range(len(names)), sample_weight=weights)
    for a, b in zip(np.ravel(group['confusion_matrix']), np.ravel(matrix)):
        check(a, b)
for entry in report['classes']:
    c = names.index(entry['class'])
    for group in entry['slices']:
        rows = frame if not group['slice'] else frame[frame['race'] == group['slice']['race']]
        scores = rows[columns].to_numpy(float)
        positive = (rows['label'] == names[c]).to_numpy()
        weights = rows['w'].to_numpy(float)
        if positive.any() and not positive.all():
            check(group['auc'], roc_auc_score(positive, scores[:, c], sample_weight=weights))
        ranks = (-scores).argsort(axis=1, kind='stable')
        for point in group['thresholds']:
            if point['top_k'] is None:
                flagged = scores[:, c] > point['threshold']
            else:
                flagged = (ranks[:, :point['top_k']] == c).any(axis=1)
            for key, mask in (('tp', flagged & positive), ('fp', flagged & ~positive),
                              ('tn', ~flagged & ~positive), ('fn', ~flagged & positive)):
                check(point[key], weights[mask].sum())
print(f"max abs difference: {worst:.3g}")

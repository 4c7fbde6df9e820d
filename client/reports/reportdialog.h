#pragma once

#include "client/data/timeseriessource.h"
#include "common/util/error.h"

#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace iotile {

class ClientSettings;
class ReportGenerator;

// Chooses the streams, date range, resolution, format and file of a local report and generates it with
// progress and a cancel button; the dialog stays usable while the report is written.
class ReportDialog final : public QDialog
{
    Q_OBJECT
public:
    ReportDialog(TimeSeriesSource *source, ClientSettings *settings, QWidget *parent = nullptr);

    // The streams offered (all ticked): slug, label and unit of each.
    void setStreams(const QList<SeriesRequest> &streams);
    void setRange(qint64 startMs, qint64 endMs);
    void setIdentity(const QString &user, const QString &server);
    ReportGenerator *generator() const { return m_generator; }
    void generate();

private:
    void browse();
    void onProgress(int permille, const QString &phase);
    void onFinished(const Status &status, const QString &path);
    void setRunning(bool running);
    void updateSuffix();

    ClientSettings *m_settings;
    ReportGenerator *m_generator;
    QLineEdit *m_title;
    QListWidget *m_streams;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QComboBox *m_resolution;
    QComboBox *m_format;
    QLineEdit *m_path;
    QProgressBar *m_progress;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QPushButton *m_generate;
    QPushButton *m_cancel;
    QString m_user;
    QString m_server;
};

} // namespace iotile

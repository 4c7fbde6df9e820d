#include "client/reports/reportdialog.h"

#include "client/reports/reportgenerator.h"
#include "client/settings/clientsettings.h"
#include "client/widgets/errortext.h"
#include "common/api/apierror.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace iotile {

ReportDialog::ReportDialog(TimeSeriesSource *source, ClientSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_generator(new ReportGenerator(source, this))
    , m_title(new QLineEdit(tr("Stream report"), this))
    , m_streams(new QListWidget(this))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_resolution(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
    , m_generate(m_buttons->addButton(tr("Generate"), QDialogButtonBox::ActionRole))
    , m_cancel(m_buttons->addButton(tr("Cancel Report"), QDialogButtonBox::ActionRole))
{
    setWindowTitle(tr("Generate Report"));
    setObjectName(QStringLiteral("reportDialog"));
    m_resolution->addItem(tr("Automatic"), qint64(-1));
    m_resolution->addItem(tr("Every value"), qint64(0));
    m_resolution->addItem(tr("Hourly averages"), qint64(3600));
    m_resolution->addItem(tr("Daily averages"), qint64(86400));
    m_format->addItem(tr("PDF document"), int(ReportWriter::Format::Pdf));
    m_format->addItem(tr("Excel workbook"), int(ReportWriter::Format::Xlsx));
    m_format->addItem(tr("CSV file"), int(ReportWriter::Format::Csv));
    for (QDateTimeEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    const QDateTime now = QDateTime::currentDateTime();
    m_from->setDateTime(now.addDays(-7));
    m_to->setDateTime(now);
    QString directory = settings->value(ClientSettings::Key::ReportDirectory).toString();
    if (directory.isEmpty())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    m_path->setText(QDir(directory).filePath(QStringLiteral("iotile-report.pdf")));
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_status->setWordWrap(true);
    m_cancel->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Streams:"), m_streams);
    form->addRow(tr("&From:"), m_from);
    form->addRow(tr("&To:"), m_to);
    form->addRow(tr("&Resolution:"), m_resolution);
    form->addRow(tr("F&ormat:"), m_format);
    form->addRow(tr("&File:"), pathRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(browse, &QPushButton::clicked, this, &ReportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportDialog::updateSuffix);
    connect(m_generate, &QPushButton::clicked, this, &ReportDialog::generate);
    connect(m_cancel, &QPushButton::clicked, m_generator, &ReportGenerator::cancel);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        m_generator->cancel();
        reject();
    });
    connect(m_generator, &ReportGenerator::progressChanged, this, &ReportDialog::onProgress);
    connect(m_generator, &ReportGenerator::finished, this, &ReportDialog::onFinished);
}

void ReportDialog::setStreams(const QList<SeriesRequest> &streams)
{
    m_streams->clear();
    for (const SeriesRequest &s : streams) {
        auto *item = new QListWidgetItem(s.label.isEmpty() ? s.slug : s.label, m_streams);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setToolTip(s.slug);
        item->setData(Qt::UserRole, s.slug);
        item->setData(Qt::UserRole + 1, s.label);
        item->setData(Qt::UserRole + 2, s.unit);
    }
}

void ReportDialog::setRange(qint64 startMs, qint64 endMs)
{
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(startMs));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(endMs));
}

void ReportDialog::setIdentity(const QString &user, const QString &server)
{
    m_user = user;
    m_server = server;
}

void ReportDialog::updateSuffix()
{
    const auto format = ReportWriter::Format(m_format->currentData().toInt());
    QFileInfo info(m_path->text());
    m_path->setText(
        info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + ReportWriter::suffix(format)));
}

void ReportDialog::browse()
{
    const auto format = ReportWriter::Format(m_format->currentData().toInt());
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Report"), m_path->text(),
                                                      ReportWriter::fileFilter(format));
    if (!path.isEmpty())
        m_path->setText(path);
}

void ReportDialog::generate()
{
    ReportGenerator::Request request;
    for (int i = 0; i < m_streams->count(); ++i) {
        const QListWidgetItem *item = m_streams->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        SeriesRequest s;
        s.slug = item->data(Qt::UserRole).toString();
        s.label = item->data(Qt::UserRole + 1).toString();
        s.unit = item->data(Qt::UserRole + 2).toString();
        request.streams.append(s);
    }
    if (request.streams.isEmpty()) {
        m_status->setText(tr("Tick at least one stream."));
        return;
    }
    if (m_from->dateTime() >= m_to->dateTime()) {
        m_status->setText(tr("The start must come before the end."));
        return;
    }
    request.title = m_title->text();
    request.startMs = m_from->dateTime().toMSecsSinceEpoch();
    request.endMs = m_to->dateTime().toMSecsSinceEpoch();
    request.intervalSeconds = m_resolution->currentData().toLongLong();
    request.format = ReportWriter::Format(m_format->currentData().toInt());
    request.path = m_path->text();
    request.generatedBy = m_user;
    request.server = m_server;
    m_settings->setValue(ClientSettings::Key::ReportDirectory, QFileInfo(request.path).absolutePath());
    setRunning(true);
    m_generator->start(request);
}

void ReportDialog::setRunning(bool running)
{
    m_generate->setEnabled(!running);
    m_cancel->setEnabled(running);
    if (running)
        m_progress->setValue(0);
}

void ReportDialog::onProgress(int permille, const QString &phase)
{
    m_progress->setValue(permille);
    m_status->setText(phase);
}

void ReportDialog::onFinished(const Status &status, const QString &path)
{
    setRunning(false);
    if (status) {
        m_progress->setValue(1000);
        m_status->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    } else {
        m_status->setText(api::ApiError::isCancelled(status.error()) ? tr("Report cancelled.")
                                                                     : ErrorText::describe(status.error()));
    }
}

} // namespace iotile

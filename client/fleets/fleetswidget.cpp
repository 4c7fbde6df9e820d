#include "client/fleets/fleetswidget.h"

#include "client/fleets/deploymentdialog.h"
#include "client/fleets/deploymentlistmodel.h"
#include "client/fleets/deploymentprogressmodel.h"
#include "client/fleets/devicescriptmodel.h"
#include "client/fleets/fleetdialog.h"
#include "client/fleets/fleetlistmodel.h"
#include "client/fleets/fleetmembersmodel.h"
#include "client/fleets/scriptuploaddialog.h"
#include "client/widgets/errortext.h"
#include "client/widgets/noticebar.h"
#include "common/api/apiclient.h"
#include "common/api/apipager.h"
#include "common/api/deploymentrequest.h"
#include "common/api/device.h"
#include "common/api/fleet.h"
#include "common/api/fleetmember.h"
#include "common/api/org.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace iotile {

namespace {

// Agents report every few minutes at most; polling faster only loads the server.
constexpr int kFollowIntervalMs = 15000;

QTableView *makeTable(const QString &name, QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    // Slugs are long and fixed-width: columns fit their contents (the lists are short), the last fills.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

FleetsWidget::FleetsWidget(api::ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_fleets(new FleetListModel(api, this))
    , m_fleetFilter(new QSortFilterProxyModel(this))
    , m_members(new FleetMembersModel(api, this))
    , m_deployments(new DeploymentListModel(api, this))
    , m_progress(new DeploymentProgressModel(api, this))
    , m_scripts(new DeviceScriptModel(api, this))
    , m_notice(new NoticeBar(this))
    , m_org(new QComboBox(this))
{
    setObjectName(QStringLiteral("fleets"));
    m_org->setObjectName(QStringLiteral("fleetOrg"));
    m_org->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_fleetFilter->setSourceModel(m_fleets);
    m_fleetFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_fleetFilter->setFilterKeyColumn(-1);
    m_fleetFilter->setSortCaseSensitivity(Qt::CaseInsensitive);

    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("fleetRefresh"));
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Organization:"), this));
    top->addWidget(m_org);
    top->addStretch(1);
    top->addWidget(refresh);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(buildMembers());
    right->addWidget(buildDeployments());
    right->addWidget(buildProgress());
    auto *main = new QSplitter(Qt::Horizontal, this);
    main->setObjectName(QStringLiteral("fleetSplitter"));
    main->addWidget(buildFleets());
    main->addWidget(right);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_notice);
    layout->addLayout(top);
    layout->addWidget(main, 1);

    connect(m_org, &QComboBox::currentIndexChanged, this, [this] { setOrg(org()); });
    connect(refresh, &QPushButton::clicked, this, [this] {
        m_reselect = currentFleet();
        m_fleets->reload();
        loadOrgDevices();
        // A selected fleet is selected again once the list is back, which reloads its panes.
        if (m_reselect.isEmpty())
            m_deployments->reload();
    });
    for (RecordListModel *model :
         std::initializer_list<RecordListModel *> {m_fleets, m_members, m_deployments, m_scripts})
        connect(model, &RecordListModel::failed, this, &FleetsWidget::showError);
    connect(m_progress, &DeploymentProgressModel::failed, this, &FleetsWidget::showError);
    connect(m_fleets, &RecordListModel::loaded, this, [this] {
        if (!m_reselect.isEmpty())
            selectFleet(std::exchange(m_reselect, QString()));
    });
    connect(m_fleets, &FleetListModel::created, this, [this](const QString &slug) { selectFleet(slug); });
    connect(m_fleets, &FleetListModel::deleted, this, [this](const QString &slug) {
        m_notice->showMessage(tr("Fleet %1 deleted.").arg(slug));
        onFleetChanged();
    });
    connect(m_scripts, &DeviceScriptModel::uploaded, this,
            [this](const QString &slug, const QJsonObject &file) {
                m_notice->showMessage(tr("%1 is now the file of script %2.")
                                          .arg(file.value(QLatin1String("title")).toString(), slug));
            });
    connect(m_deployments, &DeploymentListModel::created, this, [this](qint64 id) { selectRequest(id); });
    connect(m_progress, &DeploymentProgressModel::summaryChanged, this,
            [this](const DeploymentProgressModel::Summary &s) {
                m_summary->setText(m_progress->request() <= 0 ? QString()
                                                              : tr("%n device(s): ", nullptr, s.devices)
                                           + tr("%1 attempted, %2 updated, %3 confirmed by the device")
                                                 .arg(s.attempted)
                                                 .arg(s.succeeded)
                                                 .arg(s.confirmed));
            });
    updateButtons();
}

FleetsWidget::~FleetsWidget()
{
    for (api::ApiPager *pager : {m_orgLoad.data(), m_deviceLoad.data()}) {
        if (pager) {
            pager->disconnect(this);
            pager->cancel();
        }
    }
}

QWidget *FleetsWidget::buildFleets()
{
    auto *box = new QGroupBox(tr("Fleets"), this);
    m_search = new QLineEdit(box);
    m_search->setObjectName(QStringLiteral("fleetSearch"));
    m_search->setPlaceholderText(tr("Search fleets"));
    m_search->setClearButtonEnabled(true);
    m_fleetView = makeTable(QStringLiteral("fleetTable"), m_fleetFilter, box);
    m_fleetView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_fleetView->setSortingEnabled(true);
    m_fleetView->sortByColumn(FleetListModel::NameColumn, Qt::AscendingOrder);
    m_newFleet = new QPushButton(tr("&New Fleet…"), box);
    m_newFleet->setObjectName(QStringLiteral("newFleet"));
    m_editFleet = new QPushButton(tr("&Edit…"), box);
    m_editFleet->setObjectName(QStringLiteral("editFleet"));
    m_deleteFleet = new QPushButton(tr("&Delete"), box);
    m_deleteFleet->setObjectName(QStringLiteral("deleteFleet"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_newFleet);
    buttons->addWidget(m_editFleet);
    buttons->addWidget(m_deleteFleet);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_search);
    layout->addWidget(m_fleetView, 1);
    layout->addLayout(buttons);

    connect(m_search, &QLineEdit::textChanged, m_fleetFilter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_fleetView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FleetsWidget::onFleetChanged);
    connect(m_fleets, &QAbstractItemModel::modelReset, this, &FleetsWidget::onFleetChanged);
    connect(m_fleetView, &QTableView::doubleClicked, this, &FleetsWidget::editFleet);
    connect(m_newFleet, &QPushButton::clicked, this, &FleetsWidget::newFleet);
    connect(m_editFleet, &QPushButton::clicked, this, &FleetsWidget::editFleet);
    connect(m_deleteFleet, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_fleetView->currentIndex();
        if (!current.isValid())
            return;
        const QString name = current.siblingAtColumn(FleetListModel::NameColumn).data().toString();
        if (QMessageBox::question(this, tr("Delete Fleet"),
                                  tr("Delete the fleet %1? Its devices stay in the organization.").arg(name))
            == QMessageBox::Yes)
            deleteSelectedFleet();
    });
    return box;
}

QWidget *FleetsWidget::buildMembers()
{
    auto *box = new QGroupBox(tr("Devices in the fleet"), this);
    m_memberView = makeTable(QStringLiteral("memberTable"), m_members, box);
    m_memberView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_device = new QComboBox(box);
    m_device->setObjectName(QStringLiteral("memberDevice"));
    m_device->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_accessPoint = new QCheckBox(tr("Gateway"), box);
    m_accessPoint->setObjectName(QStringLiteral("memberAccessPoint"));
    m_alwaysOn = new QCheckBox(tr("Always on"), box);
    m_alwaysOn->setObjectName(QStringLiteral("memberAlwaysOn"));
    m_addDevice = new QPushButton(tr("&Add"), box);
    m_addDevice->setObjectName(QStringLiteral("addMember"));
    m_removeDevice = new QPushButton(tr("Re&move"), box);
    m_removeDevice->setObjectName(QStringLiteral("removeMember"));

    auto *add = new QHBoxLayout;
    add->addWidget(m_device, 1);
    add->addWidget(m_accessPoint);
    add->addWidget(m_alwaysOn);
    add->addWidget(m_addDevice);
    add->addWidget(m_removeDevice);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_memberView, 1);
    layout->addLayout(add);

    connect(m_device, &QComboBox::currentIndexChanged, this, &FleetsWidget::updateButtons);
    connect(m_addDevice, &QPushButton::clicked, this, &FleetsWidget::addSelectedDevice);
    connect(m_removeDevice, &QPushButton::clicked, this, &FleetsWidget::removeSelectedDevices);
    connect(m_memberView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FleetsWidget::updateButtons);
    return box;
}

QWidget *FleetsWidget::buildDeployments()
{
    auto *box = new QGroupBox(tr("Deployment requests"), this);
    m_requestView = makeTable(QStringLiteral("requestTable"), m_deployments, box);
    m_requestView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_newRequest = new QPushButton(tr("New &Deployment…"), box);
    m_newRequest->setObjectName(QStringLiteral("newRequest"));
    m_release = new QPushButton(tr("&Release"), box);
    m_release->setObjectName(QStringLiteral("releaseRequest"));
    m_release->setToolTip(tr("Let phones and gateways start updating the devices"));
    m_uploadScript = new QPushButton(tr("&Upload Script File…"), box);
    m_uploadScript->setObjectName(QStringLiteral("uploadScript"));
    m_uploadScript->setToolTip(tr("Send a new file for one of the organization's device scripts"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_newRequest);
    buttons->addWidget(m_release);
    buttons->addStretch(1);
    buttons->addWidget(m_uploadScript);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_requestView, 1);
    layout->addLayout(buttons);

    connect(m_requestView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FleetsWidget::onRequestChanged);
    connect(m_deployments, &QAbstractItemModel::modelReset, this, &FleetsWidget::onRequestChanged);
    connect(m_deployments, &QAbstractItemModel::dataChanged, this, &FleetsWidget::updateButtons);
    connect(m_newRequest, &QPushButton::clicked, this, &FleetsWidget::newDeployment);
    connect(m_release, &QPushButton::clicked, this, &FleetsWidget::releaseSelected);
    connect(m_uploadScript, &QPushButton::clicked, this, &FleetsWidget::uploadScript);
    connect(m_scripts, &QAbstractItemModel::modelReset, this, &FleetsWidget::updateButtons);
    return box;
}

QWidget *FleetsWidget::buildProgress()
{
    auto *box = new QGroupBox(tr("Progress of the selected request"), this);
    m_progressView = makeTable(QStringLiteral("progressTable"), m_progress, box);
    m_progressView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_summary = new QLabel(box);
    m_summary->setObjectName(QStringLiteral("progressSummary"));
    m_follow =
        new QCheckBox(tr("&Follow (refresh every %n second(s))", nullptr, kFollowIntervalMs / 1000), box);
    m_follow->setObjectName(QStringLiteral("progressFollow"));

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_follow);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_progressView, 1);
    layout->addLayout(bottom);

    connect(m_follow, &QCheckBox::toggled, this,
            [this](bool on) { m_progress->setFollowInterval(on ? kFollowIntervalMs : 0); });
    return box;
}

void FleetsWidget::reload()
{
    if (m_orgLoad) {
        m_orgLoad->disconnect(this);
        m_orgLoad->cancel();
    }
    const QString previous = org();
    api::ApiPager *pager = m_api->getAll(QStringLiteral("/api/v1/org/"));
    m_orgLoad = pager;
    connect(pager, &api::ApiPager::finished, this, [this, pager, previous] {
        m_orgLoad = nullptr;
        if (!pager->isOk()) {
            showError(tr("Could not load the organizations: %1").arg(ErrorText::describe(pager->error())));
            return;
        }
        QList<api::Org> orgs;
        for (const QJsonValue &item : pager->items())
            orgs.append(api::Org::fromJson(item.toObject()));
        std::sort(orgs.begin(), orgs.end(),
                  [](const api::Org &a, const api::Org &b) { return a.name.localeAwareCompare(b.name) < 0; });
        {
            const QSignalBlocker block(m_org);
            m_org->clear();
            for (const api::Org &o : orgs)
                m_org->addItem(o.name, o.slug);
            const int keep = m_org->findData(previous);
            m_org->setCurrentIndex(keep >= 0 ? keep : (orgs.isEmpty() ? -1 : 0));
        }
        setOrg(org());
    });
}

void FleetsWidget::clear()
{
    {
        const QSignalBlocker block(m_org);
        m_org->clear();
    }
    setOrg({});
    m_follow->setChecked(false);
    m_notice->hide();
}

void FleetsWidget::setOrg(const QString &orgSlug)
{
    if (const int at = m_org->findData(orgSlug); at >= 0 && at != m_org->currentIndex()) {
        m_org->setCurrentIndex(at); // comes back here through currentIndexChanged
        return;
    }
    m_fleets->setOrg(orgSlug);
    m_scripts->setOrg(orgSlug);
    loadOrgDevices();
    onFleetChanged();
}

QString FleetsWidget::org() const
{
    return m_org->currentData().toString();
}

void FleetsWidget::loadOrgDevices()
{
    if (m_deviceLoad) {
        m_deviceLoad->disconnect(this);
        m_deviceLoad->cancel();
    }
    m_device->clear();
    const QString orgSlug = org();
    if (orgSlug.isEmpty())
        return;
    api::ApiPager *pager =
        m_api->getAll(QStringLiteral("/api/v1/device/"), QUrlQuery {{QStringLiteral("org__slug"), orgSlug}});
    m_deviceLoad = pager;
    connect(pager, &api::ApiPager::finished, this, [this, pager] {
        m_deviceLoad = nullptr;
        if (!pager->isOk()) {
            showError(tr("Could not load the devices: %1").arg(ErrorText::describe(pager->error())));
            return;
        }
        QList<api::Device> devices;
        QHash<QString, QString> labels;
        for (const QJsonValue &item : pager->items()) {
            const api::Device d = api::Device::fromJson(item.toObject());
            devices.append(d);
            labels.insert(d.slug, d.label);
        }
        std::sort(devices.begin(), devices.end(),
                  [](const api::Device &a, const api::Device &b) { return a.slug < b.slug; });
        for (const api::Device &d : devices) {
            m_device->addItem(d.label.isEmpty() ? d.slug : QStringLiteral("%1 (%2)").arg(d.label, d.slug),
                              d.slug);
        }
        m_members->setDeviceLabels(labels);
        updateButtons();
    });
}

QString FleetsWidget::currentFleet() const
{
    const QModelIndex current = m_fleetView->currentIndex();
    return current.isValid() ? current.data(FleetListModel::SlugRole).toString() : QString();
}

bool FleetsWidget::selectFleet(const QString &slug)
{
    const int row = m_fleets->rowOfSlug(slug);
    if (row < 0)
        return false;
    const QModelIndex index = m_fleetFilter->mapFromSource(m_fleets->index(row, FleetListModel::NameColumn));
    if (!index.isValid())
        return false;
    m_fleetView->setCurrentIndex(index);
    return true;
}

qint64 FleetsWidget::currentRequest() const
{
    const QModelIndex current = m_requestView->currentIndex();
    return current.isValid() ? current.data(DeploymentListModel::IdRole).toLongLong() : 0;
}

bool FleetsWidget::selectRequest(qint64 id)
{
    const int row = m_deployments->rowOfId(id);
    if (row < 0)
        return false;
    m_requestView->setCurrentIndex(m_deployments->index(row, 0));
    return true;
}

void FleetsWidget::onFleetChanged()
{
    const QString fleet = currentFleet();
    // The fleet list resets while it loads: only a different org or fleet loads the panes again.
    const QString scope = org() + QLatin1Char('/') + fleet;
    if (scope != m_scope) {
        m_scope = scope;
        m_members->setFleet(fleet);
        // Without a fleet, the requests of the whole org.
        m_deployments->setScope(org(), fleet);
    }
    updateButtons();
}

void FleetsWidget::onRequestChanged()
{
    const qint64 id = currentRequest();
    if (id != m_progress->request())
        m_progress->setRequest(id);
    updateButtons();
}

void FleetsWidget::updateButtons()
{
    const bool hasOrg = !org().isEmpty();
    const bool hasFleet = !currentFleet().isEmpty();
    m_newFleet->setEnabled(hasOrg);
    m_editFleet->setEnabled(hasFleet);
    m_deleteFleet->setEnabled(hasFleet);
    m_uploadScript->setEnabled(m_scripts->rowCount() > 0);
    m_device->setEnabled(hasFleet);
    m_addDevice->setEnabled(hasFleet && m_device->currentIndex() >= 0);
    m_removeDevice->setEnabled(hasFleet && m_memberView->selectionModel()->hasSelection());
    m_newRequest->setEnabled(hasOrg);
    const int row = m_requestView->currentIndex().row();
    m_release->setEnabled(row >= 0 && row < m_deployments->rowCount()
                          && api::DeploymentRequest::fromJson(m_deployments->record(row)).state()
                              == api::DeploymentRequest::State::Draft);
}

void FleetsWidget::showError(const QString &message)
{
    m_notice->showMessage(message, NoticeBar::Level::Error);
}

void FleetsWidget::newFleet()
{
    api::Fleet fleet;
    fleet.org = org();
    auto *dialog = new FleetDialog(fleet, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_fleets->createFleet(dialog->fleet()); });
    dialog->open();
}

void FleetsWidget::editFleet()
{
    const QModelIndex current = m_fleetView->currentIndex();
    if (!current.isValid())
        return;
    const int row = m_fleetFilter->mapToSource(current).row();
    auto *dialog = new FleetDialog(api::Fleet::fromJson(m_fleets->record(row)), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString slug = currentFleet();
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, slug] { m_fleets->updateFleet(m_fleets->rowOfSlug(slug), dialog->fleet()); });
    dialog->open();
}

void FleetsWidget::deleteSelectedFleet()
{
    const QModelIndex current = m_fleetView->currentIndex();
    if (current.isValid())
        m_fleets->deleteFleet(m_fleetFilter->mapToSource(current).row());
}

void FleetsWidget::addSelectedDevice()
{
    api::FleetMember member;
    member.device = m_device->currentData().toString();
    member.isAccessPoint = m_accessPoint->isChecked();
    member.alwaysOn = m_alwaysOn->isChecked();
    if (m_members->rowOfDevice(member.device) >= 0) {
        m_notice->showMessage(tr("%1 is already in this fleet.").arg(member.device));
        return;
    }
    m_members->addDevice(member);
}

void FleetsWidget::removeSelectedDevices()
{
    QStringList slugs;
    for (const QModelIndex &index : m_memberView->selectionModel()->selectedRows())
        slugs.append(index.data(FleetMembersModel::SlugRole).toString());
    for (const QString &slug : slugs)
        m_members->removeDevice(m_members->rowOfDevice(slug));
}

void FleetsWidget::newDeployment()
{
    const QString fleet = currentFleet();
    const QString target = fleet.isEmpty() ? tr("every device of %1").arg(m_org->currentText())
                                           : tr("the devices of fleet %1").arg(fleet);
    auto *dialog = new DeploymentDialog(m_scripts, target, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { m_deployments->createRequest(dialog->script(), dialog->selectionCriteria()); });
    dialog->open();
}

void FleetsWidget::releaseSelected()
{
    const int row = m_requestView->currentIndex().row();
    if (row >= 0)
        m_deployments->release(row);
}

bool FleetsWidget::uploadScriptFile(const QString &scriptSlug, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_scripts->uploadFile(scriptSlug, QFileInfo(path).fileName(), file.readAll());
    return true;
}

void FleetsWidget::uploadScript()
{
    auto *dialog = new ScriptUploadDialog(m_scripts, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { uploadScriptFile(dialog->script(), dialog->filePath()); });
    dialog->open();
}

} // namespace iotile

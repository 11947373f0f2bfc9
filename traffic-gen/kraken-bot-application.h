// A Kraken (Oderoor/Bobax) spam bot, doing paper 003's whole sequence:
//  1. three SMTP test mails to Google's MX (MX lookup of TestMailDomain, then a real SMTP
//     dialogue) - McAfee: a connectivity test, no spam goes through Google;
//  2. A queries for Kraken DGA v1 (or, with DgaVersion 2, v2) names (kraken-dga.h) every
//     DgaInterval (1-4 s), which go on after the C&C is found;
//  3. a client registration (0x01) to UDP 447 of the first name that resolves, repeated every
//     RegisterInterval (10-20 s) until answered;
//  4. an IP list (0x02): five update servers from a load-balancer, one picked at random and
//     registered with; an empty list from an update server;
//  5. host information (0x03) -> ack (0x08); module list (0x03, kind=modules) -> ack with the
//     latest module; the module over TCP 447 (100-200 KB);
//  6. then the herder: status datagrams (0x03, kind=status) to random UDP ports, HTTP POSTs on
//     80 whose URLs pretend to fetch .jpg/.gif/.avi/.mp3/.html files, and the encrypted (not
//     TLS) channel on 443 carrying templates and the target mail domains;
//  7. spam at a regular rhythm: MX lookup per target domain, then SMTP to that MX.
// The bot sends its own DNS queries from its own UDP sockets (as spam bots do for their MX
// lookups), so every packet of the infection belongs to the bot's process in the socket table:
// the truth of "the bot's flows" is simply its process name. The process name is a random
// lowercase name (Arbor ASERT: 2-20 characters in %SYSTEM32%) drawn at start unless ProcessName
// is set to something other than ProcessApplication's default "System".
// With SealedMessages every 447, status and 443 message is sealed (kraken-protocol.h): a random
// nonce, then everything encrypted, so no type byte, flags or length field shows on the wire.
#pragma once

#include "models/process-application.h"
#include "models/payload/dns-payload.h"
#include "models/payload/kraken-protocol.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ns3 {

class KrakenBotApplication : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    KrakenBotApplication();
    ~KrakenBotApplication() override;

    int64_t AssignStreams(int64_t stream);

    /// Phases, in order, for the "Phase" trace and tests.
    enum class Phase
    {
        Idle,
        TestMail,
        Locate,
        Register,
        HostInfo,
        Update,
        Herder
    };
    Phase GetPhase() const { return m_phase; }
    uint32_t GetDgaQueries() const { return m_dgaQueries; }
    uint32_t GetMailsDelivered() const { return m_mailsDelivered; }
    uint32_t GetModuleVersion() const { return m_moduleVersion; }

    /// "Infected": host address, process name, pid - fired at start; the truth of which host
    /// and which process are the bot.
    typedef void (*InfectedTracedCallback)(Ipv4Address host, const std::string& process, uint32_t pid);
    /// "Phase": the phase entered.
    typedef void (*PhaseTracedCallback)(const std::string& phase);
    /// "Mail": recipient domain, MX address, delivered?, test mail?
    typedef void (*MailTracedCallback)(const std::string& domain, Ipv4Address mx, bool delivered, bool test);

  private:
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    using DnsDone = std::function<void(const std::optional<ntlab::payload::DnsAnswer>&)>;
    struct PendingLookup;
    using MailDone = std::function<void(bool delivered)>;

    void EnterPhase(Phase phase);
    void TestMail();
    void QueryNextDgaName();
    void Register(Ipv4Address peer);
    void RegisterTimeout();
    void SendKraken(ntlab::payload::KrakenType type, const ntlab::payload::Bytes& body, Ipv4Address to,
                    uint16_t port);
    void HandleUdp(Ptr<Socket> socket);
    void HandleKraken(const ntlab::payload::KrakenMessage& message, Ipv4Address from);
    void SendHostInfo(bool modules);
    void DownloadModule(const ntlab::payload::KrakenModuleOffer& offer);
    void StartHerder();
    void SendStatus();
    void HttpPost();
    void FetchTemplates();
    void Spam();
    std::map<std::string, std::string> HostFields(const std::string& kind) const;

    /// A UDP socket of the bot's process on a fresh port; `tableId` receives its table row.
    Ptr<Socket> OpenUdpSocket(uint32_t& tableId);
    void CloseUdpSocket(Ptr<Socket> socket, uint32_t tableId);
    void Lookup(const std::string& name, uint16_t qtype, DnsDone done);
    void SendMail(const std::string& domain, std::vector<std::string> recipients, bool test, MailDone done);
    std::string RandomWord(uint32_t minLength, uint32_t maxLength);
    uint64_t NextSeed();
    std::string DgaName(uint32_t index) const;
    ntlab::payload::KrakenWire Wire() const;
    uint32_t Nonce();

    // Attributes.
    Ipv4Address m_dnsServer;
    Ptr<RandomVariableStream> m_nameLength;
    std::string m_dgaSeedSet;
    uint32_t m_dgaVersion;   // 1 or 2 (kraken-dga.h)
    std::string m_dgaZones;  // v2: generic or dyndns
    int64_t m_dgaDate;       // v2: unix seconds of the date the names are drawn for
    bool m_sealed;           // SealedMessages: every 447/443/status message sealed
    uint32_t m_dgaStart;
    uint32_t m_dgaCount;
    Ptr<RandomVariableStream> m_dgaInterval;
    Ptr<RandomVariableStream> m_registerInterval;
    uint32_t m_registerAttempts;
    uint64_t m_key;
    uint32_t m_moduleVersion;
    Ptr<RandomVariableStream> m_registrationSize;
    std::string m_testMailDomain;
    uint32_t m_testMails;
    Ptr<RandomVariableStream> m_testMailGap;
    Ptr<RandomVariableStream> m_statusInterval;
    Ptr<RandomVariableStream> m_statusPort;
    Ptr<RandomVariableStream> m_httpInterval;
    Ptr<RandomVariableStream> m_httpBodySize;
    Ptr<RandomVariableStream> m_templateInterval;
    Ptr<RandomVariableStream> m_spamInterval;
    Ptr<RandomVariableStream> m_spamRecipients;
    Ptr<RandomVariableStream> m_spamBodySize;
    Time m_dnsTimeout;
    Time m_requestTimeout;
    Ptr<UniformRandomVariable> m_choice;

    // State.
    bool m_running = false;
    Phase m_phase = Phase::Idle;
    uint32_t m_botId = 0;
    std::string m_hostName;
    uint32_t m_dgaIndex = 0;
    uint32_t m_dgaQueries = 0;
    uint32_t m_mailsSent = 0;
    uint32_t m_mailsDelivered = 0;
    bool m_smtpWorks = false;
    Ptr<Socket> m_udp;
    uint32_t m_udpTableId = 0;
    Ipv4Address m_peer;                      // the server being registered with
    std::vector<Ipv4Address> m_updateServers;
    uint32_t m_attempts = 0;
    Ipv4Address m_updateServer;
    Ipv4Address m_herder;
    std::vector<std::string> m_spamDomains;
    uint32_t m_spamIndex = 0;
    bool m_spamming = false;
    std::map<Socket*, std::unique_ptr<PendingLookup>> m_lookups;  // DNS lookups in flight
    EventId m_dgaEvent;
    EventId m_registerEvent;
    EventId m_statusEvent;
    EventId m_httpEvent;
    EventId m_templateEvent;
    EventId m_spamEvent;
    EventId m_testEvent;
    TracedCallback<Ipv4Address, const std::string&, uint32_t> m_infectedTrace;
    TracedCallback<const std::string&> m_phaseTrace;
    TracedCallback<const std::string&, Ipv4Address, bool, bool> m_mailTrace;
};

} // namespace ns3

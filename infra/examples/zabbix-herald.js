// Herald media type for Zabbix (Alerts > Media types > Create media type,
// type Webhook). Paste this as the script and add these parameters:
//
//   herald_url     https://status.example.com/v1/integrations/zabbix
//   herald_key     {ALERT.SENDTO}     (set the user media's "Send to" to the key, hki_...)
//   event_id       {EVENT.ID}
//   trigger_id     {TRIGGER.ID}
//   value          {EVENT.VALUE}
//   update_status  {EVENT.UPDATE.STATUS}
//   severity       {EVENT.SEVERITY}
//   name           {EVENT.NAME}
//   host           {HOST.NAME}
//   date           {EVENT.DATE}
//   time           {EVENT.TIME}
//   message        {ALERT.MESSAGE}
//   opdata         {EVENT.OPDATA}
//   tags           {EVENT.TAGSJSON}
//
// Zabbix writes {EVENT.DATE} and {EVENT.TIME} in the server's own time
// zone, without saying which; the script adds the server's offset, so
// that Herald can read the time right. The key never goes to the log.
//
// The media type's Test button sends the macros unresolved; Herald
// answers that with a notice and opens nothing.
function pad(n) {
    return (n < 10 ? '0' : '') + n;
}

function offset() {
    var east = -new Date().getTimezoneOffset(); // minutes east of UTC
    var sign = east < 0 ? '-' : '+';
    east = Math.abs(east);
    return sign + pad(Math.floor(east / 60)) + pad(east % 60);
}

try {
    var p = JSON.parse(value);
    var body = {
        event_id: p.event_id,
        trigger_id: p.trigger_id,
        value: p.value,
        update_status: p.update_status,
        severity: p.severity,
        name: p.name,
        host: p.host,
        date: p.date,
        time: p.time,
        tz_offset: offset(),
        message: p.message,
        opdata: p.opdata,
        tags: p.tags
    };
    var req = new HttpRequest();
    req.addHeader('Content-Type: application/json');
    req.addHeader('Authorization: Bearer ' + p.herald_key);
    var answer = req.post(p.herald_url, JSON.stringify(body));
    var status = req.getStatus();
    if (status < 200 || status > 299) {
        throw 'Herald answered ' + status + ': ' + answer;
    }
    return 'OK';
} catch (error) {
    Zabbix.log(3, '[Herald] sending failed: ' + error);
    throw 'Sending to Herald failed: ' + error;
}

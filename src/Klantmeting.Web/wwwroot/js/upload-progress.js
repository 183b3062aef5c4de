// Follows a running upload: every two seconds the status part of the page is fetched again and replaced; when the
// upload is finished the whole page is loaded again (with the counts). The state lives in the database, so a reload
// shows the same. Without JavaScript the page works too: reload it yourself.
(function () {
    'use strict';
    function poll() {
        fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
            .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
            .then(function (html) {
                var doc = new DOMParser().parseFromString(html, 'text/html');
                var next = doc.getElementById('upload-status');
                var current = document.getElementById('upload-status');
                if (!next || !current) { return; }
                if (next.getAttribute('data-upload-running') !== 'true') {
                    window.location.reload();
                    return;
                }
                current.replaceWith(next);
                window.setTimeout(poll, 2000);
            })
            .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 2000);
})();

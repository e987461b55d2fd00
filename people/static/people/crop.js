/* Choosing the square of one's photo (edit profile): draws the square the three number
 * boxes describe on the photo, and moves its centre where the person clicks or drags. The
 * boxes alone work without JavaScript. */
(function () {
    "use strict";

    function init(root) {
        var image = root.querySelector("[data-crop-image]");
        var square = root.querySelector("[data-crop-square]");
        var x = root.querySelector("input[name=crop_x]");
        var y = root.querySelector("input[name=crop_y]");
        var size = root.querySelector("input[name=crop_size]");
        if (!image || !square || !x || !y || !size) { return; }

        function number(input, fallback) {
            var value = parseInt(input.value, 10);
            return isNaN(value) ? fallback : Math.max(0, Math.min(100, value));
        }

        function draw() {
            var width = image.clientWidth;
            var height = image.clientHeight;
            if (!width || !height) { return; }
            var side = Math.min(width, height) * Math.max(10, number(size, 100)) / 100;
            var left = Math.min(Math.max(width * number(x, 50) / 100 - side / 2, 0), width - side);
            var top = Math.min(Math.max(height * number(y, 50) / 100 - side / 2, 0), height - side);
            square.style.width = side + "px";
            square.style.height = side + "px";
            square.style.left = left + "px";
            square.style.top = top + "px";
            square.hidden = false;
        }

        function moveTo(event) {
            var box = image.getBoundingClientRect();
            x.value = String(Math.round((event.clientX - box.left) * 100 / box.width));
            y.value = String(Math.round((event.clientY - box.top) * 100 / box.height));
            draw();
        }

        var dragging = false;
        image.addEventListener("pointerdown", function (event) {
            dragging = true;
            event.preventDefault();
            moveTo(event);
        });
        window.addEventListener("pointermove", function (event) { if (dragging) { moveTo(event); } });
        window.addEventListener("pointerup", function () { dragging = false; });
        [x, y, size].forEach(function (input) { input.addEventListener("input", draw); });
        if (image.complete) { draw(); } else { image.addEventListener("load", draw); }
        window.addEventListener("resize", draw);
    }

    document.querySelectorAll("[data-photo-crop]").forEach(init);
}());
